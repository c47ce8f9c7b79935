"""Reading a PDF for the preflight: pikepdf objects and user-space geometry
(:mod:`.objects`), colour spaces and ink (:mod:`.colour`), fonts
(:mod:`.fonts`) and the content-stream reader that yields every paint with
its graphics state (:mod:`.paint`).

A file under check may be broken in any way: whatever pikepdf raises while
reading one object is caught (``except Exception``) and becomes a finding or
an unknown value, never a traceback.
"""
