"""Maintainer tools, outside the ``layout`` package (not installed with it):
``fonts`` builds fonts/ (``make fonts``), ``bench`` measures speed
(``make bench``), ``make_standins`` draws the sample issue's stand-in photos.
Run them from the repository root: ``.venv/bin/python -m tools.fonts``."""
