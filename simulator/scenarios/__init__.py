"""Reform scenarios: validated scenario files, stacking, and the dashboard's levers."""
