"""Entry point of the PyInstaller build: the same ``corridor-gis`` command line (GUI by default)."""

import multiprocessing
import sys

from corridor_gis.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
