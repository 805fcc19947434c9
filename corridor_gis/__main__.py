"""``python -m corridor_gis`` = the ``corridor-gis`` command."""

import sys

from .cli import main

sys.exit(main())
