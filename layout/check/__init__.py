"""Checks of finished PDFs; they import only :mod:`layout.facts`.

=========================  ===================================================
``check.report``           the report both checks return (text and JSON)
``check.pdfread``          reading a PDF: objects, colour, fonts, and the
                           content-stream reader yielding paint events
``check.preflight``        the print shop's R1–R14: document rules, paint rules
``check.typography``       the clreq audit: reading, structure, line rules,
                           block rules
``check.whitespace``       the white holes of each page of a proof
=========================  ===================================================
"""
