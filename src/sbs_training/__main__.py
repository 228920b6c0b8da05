"""``python -m sbs_training`` is the same as ``sbs-training``."""

import sys

from sbs_training.cli import main

sys.exit(main())
