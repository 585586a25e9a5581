"""The processes of a month, one module each (their order: ``dynamics/month.py``)."""
