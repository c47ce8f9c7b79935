"""The screen proof: the trim-size PDF gets the same identification as the
print file (Title, dates from the issue, Lang) but no PDF/X label — it is
for review, not for the press.  Saved deterministically."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pikepdf

from .label import pdf_date, xml_text


def finish_proof(src: Path, dst: Path, *, title: str, created: datetime, author: str, subject: str, creator: str) -> None:
    tmp = dst.with_name(dst.name + ".tmp")
    with pikepdf.open(src) as pdf:
        date = pdf_date(created.replace(microsecond=0))
        pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(
            Title=pikepdf.String(xml_text(title)),
            Author=pikepdf.String(xml_text(author)),
            Subject=pikepdf.String(xml_text(subject)),
            Creator=pikepdf.String(xml_text(creator)),
            Producer=pikepdf.String(xml_text(creator)),
            CreationDate=pikepdf.String(date),
            ModDate=pikepdf.String(date),
        ))
        pdf.Root.Lang = pikepdf.String("zh-CN")
        pdf.save(tmp, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    os.replace(tmp, dst)
