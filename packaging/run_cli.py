"""The bundle's `samad` program (the same as the installed console_scripts entry)."""

import sys

from app.cli import main

sys.exit(main())
