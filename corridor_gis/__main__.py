"""``python -m corridor_gis`` = the ``corridor-gis`` command."""

from .cli import run

run()
