"""Reform scenarios: validated scenario files (by path, or a shipped one by
name), stacking, and the dashboard's levers."""
