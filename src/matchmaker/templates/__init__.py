"""Files :func:`matchmaker.starter.write_starter` copies: run.toml and the tutorial's filled outcome form."""
