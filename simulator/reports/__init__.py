"""Reports and outputs: files written all-or-nothing, tables and formatting."""
