"""Checks of finished PDFs: the structural print preflight (R1–R14) in :mod:`layout.check.preflight`."""
