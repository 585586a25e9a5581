"""The dashboard's pages and what they share (``streamlit run app.py``).

``app.py`` sets up the page and its tabs; each tab is a module here:

- ``compare`` (with ``charts``): reforms against current law;
- ``household``: one family step by step;
- ``sweeps``: a sweep's results;
- ``sources``: every parameter and assumption with its source;
- ``reports``: calibration and validation.

They share ``loaders`` (the model, cached), ``sidebar`` (the scenario form and
the scenarios it asks for), ``url`` (the view in the link) and ``widgets``.
Only this package and ``app.py`` import Streamlit; every number comes from
``simulator``.
"""
