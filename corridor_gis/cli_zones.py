"""``corridor-gis import-zones``: official zone boundaries into a project."""
