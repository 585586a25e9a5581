"""Outcomes of a simulation: child poverty, money, compliance, distribution."""
