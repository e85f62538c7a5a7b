"""Entry point for `python -m collapse_core`."""

import sys

from collapse_core.cli import main

sys.exit(main())
