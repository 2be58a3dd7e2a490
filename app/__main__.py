"""`python -m app` does what the `samad` command does."""

import sys

from app.cli import main

sys.exit(main())
