"""The calculator: cases from CSV, step-by-step explanations, one household."""
