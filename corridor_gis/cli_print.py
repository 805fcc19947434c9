"""``corridor-gis export-map`` and ``corridor-gis report``: print layouts and briefing documents."""
