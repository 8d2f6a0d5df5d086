"""``python -m yingzao`` runs the command line."""

import sys

from yingzao.cli import main

sys.exit(main())
