"""The bundle's `samad-desk` program (the same as the installed gui_scripts entry)."""

import sys

from ui.application import main

sys.exit(main())
