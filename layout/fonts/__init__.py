"""The project's fonts at run time (faces.py); fonts/ is built by tools/fonts.py."""
