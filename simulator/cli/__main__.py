"""``python -m simulator.cli``."""

import sys

from simulator.cli.main import main

sys.exit(main())
