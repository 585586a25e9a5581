"""Reports and outputs: what the command line and the dashboard show, built once.

- ``files``: writing outputs all-or-nothing;
- ``formatting``: numbers and tables as text;
- ``headline``: the metrics shown on screen after a run;
- ``sources``: the tables of statutory parameters and assumptions (and
  their readable forms, units in words);
- ``chart_frames``: the data each dashboard chart draws, in plain words and £m;
- ``glossary``: the words a newcomer meets, explained, with their sources;
- ``calibration``, ``validation``: the two reports' Markdown.

A builder takes tables and values as arguments; it never computes them (the
population and the experiments do) and imports nothing of the model above
``simulator.inputs``.
"""
