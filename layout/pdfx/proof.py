"""The screen proof: the trim-size PDF gets the same identification as the
print file (Info, XMP with the issue's properties, bookmarks, page labels,
Lang) but no PDF/X label — it is for review and the archive, not for the
press.  Saved deterministically, without object streams (compressing them
costs qpdf a pass over every stream: :func:`~.label.compress_plain_streams`)."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

import pikepdf

from .archive import ArchiveInfo, add_navigation
from .label import _uuid, build_xmp, compress_plain_streams, pdf_date, xml_text


def finish_proof(src: Path, dst: Path, *, title: str, created: datetime, author: str, subject: str, creator: str,
                 archive: ArchiveInfo | None = None, lang: str = "zh-CN") -> None:
    tmp = dst.with_name(dst.name + ".tmp")
    digest = hashlib.sha256(Path(src).read_bytes()).hexdigest()
    created = created.replace(microsecond=0)
    with pikepdf.open(src) as pdf:
        date = pdf_date(created)
        pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(
            Title=pikepdf.String(xml_text(title)),
            Author=pikepdf.String(xml_text(author)),
            Subject=pikepdf.String(xml_text(subject)),
            Creator=pikepdf.String(xml_text(creator)),
            Producer=pikepdf.String(xml_text(creator)),
            CreationDate=pikepdf.String(date),
            ModDate=pikepdf.String(date),
        ))
        pdf.Root.Lang = pikepdf.String(lang)
        xmp = build_xmp(standard=None, title=xml_text(title), created=created, author=xml_text(author),
                        subject=xml_text(subject), creator=xml_text(creator), producer=xml_text(creator), lang=lang,
                        document_id=_uuid("document", digest),
                        instance_id=_uuid("instance", hashlib.sha256(f"{digest}\x1f{archive!r}".encode()).hexdigest()),
                        archive=archive)
        meta = pikepdf.Stream(pdf, xmp)
        meta.Type = pikepdf.Name.Metadata
        meta.Subtype = pikepdf.Name.XML
        pdf.Root.Metadata = pdf.make_indirect(meta)
        if archive is not None:
            add_navigation(pdf, archive)
        compress_plain_streams(pdf)
        pdf.save(tmp, deterministic_id=True, compress_streams=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    os.replace(tmp, dst)
