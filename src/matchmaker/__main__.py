"""``python -m matchmaker`` runs the command line."""

import sys

from matchmaker.cli import main

if __name__ == "__main__":
    sys.exit(main())
