"""``python -m matchmaker`` runs the command line."""

import sys

from matchmaker.cli import main

sys.exit(main())
