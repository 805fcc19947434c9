"""Entry point of the PyInstaller build: the same ``corridor-gis`` command line (GUI by default)."""

import multiprocessing

from corridor_gis.cli import run

if __name__ == "__main__":
    multiprocessing.freeze_support()
    run()
