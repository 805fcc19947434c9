"""Everything Qt (PyQt6). The only subpackage allowed to import Qt; the core never imports it."""
