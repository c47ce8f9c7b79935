"""Label a finished PDF as PDF/X (PDF/X-4 or PDF/X-1a:2003) with pikepdf.

ReportLab cannot write an OutputIntent or the GTS keys, so the pipeline renders
with ReportLab and then calls :func:`label_pdfx`, which adds

* exactly one ``/OutputIntent /S /GTS_PDFX`` (with the ICC output profile
  embedded as ``/DestOutputProfile`` for PDF/X-4, optional for PDF/X-1a),
* a fresh document information dictionary (Title, Author, Subject, Creator,
  Producer, CreationDate = ModDate, Trapped /False, GTS_PDFXVersion and for
  X-1a GTS_PDFXConformance),
* an XMP packet written here (not by pikepdf's metadata editor, which stamps
  "now" dates) that agrees with the Info dictionary,
* the PDF version (1.6 for X-4, 1.4 and no object streams for X-1a),

and saves deterministically: the same input and arguments give a
byte-identical file (no clock is read; the XMP document/instance ids are
derived from a hash of the input; the trailer /ID is computed by qpdf from
the content).  The output is written to a temporary file beside ``dst`` and
moved into place with :func:`os.replace`.

A label does not make a bad file good: run :mod:`layout.check.preflight`
on the result (or on the input) before shipping it.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

import pikepdf

from layout.errors import BuildError, Diagnostic, display_path
from layout.facts.icc import read_icc_header
from layout.facts.printing import PDFX_VERSIONS, pdf_version_text
from layout.pdfx.archive import NS_PRISM, ArchiveInfo, add_navigation, xmp_lines

Standard = Literal["PDF/X-4", "PDF/X-1a:2003"]

STANDARDS: dict[str, str] = {name: pdf_version_text(name) for name in PDFX_VERSIONS}
"""Each supported standard and the PDF version it is written as."""

ICC_DIR = Path(__file__).resolve().parent.parent / "data" / "icc"
FOGRA39L_PROFILE = ICC_DIR / "FOGRA39L_coated.icc"

REGISTRY_ICC = "http://www.color.org"

NS_PDFXID = "http://www.npes.org/pdfx/ns/id/"
NS_PDFX = "http://ns.adobe.com/pdfx/1.3/"
_UUID_NAMESPACE = uuid.UUID("8f6f2a3c-5a0e-5b1e-9a57-6c61796f7574")  # fixed: "layout"


@dataclass(frozen=True)
class OutputCondition:
    """The printing condition the file is prepared for (the OutputIntent)."""

    identifier: str  # OutputConditionIdentifier, e.g. "FOGRA39" or "JC200103"
    condition: str  # OutputCondition, human text
    registry_name: str = REGISTRY_ICC
    info: str | None = None  # /Info of the output intent (defaults to condition)
    profile: Path | None = None  # ICC profile to embed (required for PDF/X-4)


FOGRA39 = OutputCondition(
    identifier="FOGRA39",
    condition="Coated FOGRA39 (ISO 12647-2:2004)",
    info="FOGRA39L Coated (ISO 12647-2:2004, paper type 1/2, 60/cm)",
    profile=FOGRA39L_PROFILE,
)
"""Offset on coated paper, with the free FOGRA39L profile embedded."""

JAPAN_COLOR_2001_COATED = OutputCondition(
    identifier="JC200103",
    condition="Japan Color 2001 Coated",
    info="Japan Color 2001 Coated",
    profile=None,
)
"""Referenced by its registered id, no profile embedded: PDF/X-1a:2003 only
(no free copy of the profile exists)."""


# ---------------------------------------------------------------- dates


def _offset(dt: datetime) -> timedelta:
    off = dt.utcoffset()
    if off is None:
        raise ValueError(
            f"created={dt.isoformat()} has no timezone: pass an aware datetime "
            "(e.g. datetime(2025, 6, 1, tzinfo=ZoneInfo('Asia/Shanghai')))"
        )
    return off


def pdf_date(dt: datetime) -> str:
    """D:YYYYMMDDHHmmSS+08'00' (the offset always written, +00'00' for UTC)."""
    off = _offset(dt)
    total = int(off.total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    hh, mm = divmod(abs(total), 60)
    return f"D:{dt.year:04d}{dt:%m%d%H%M%S}{sign}{hh:02d}'{mm:02d}'"  # %Y drops the zeros of years < 1000


def xmp_date(dt: datetime) -> str:
    """2025-06-01T12:00:00+08:00 (ISO 8601, seconds, explicit offset)."""
    off = _offset(dt)
    total = int(off.total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    hh, mm = divmod(abs(total), 60)
    return f"{dt.year:04d}-{dt:%m-%dT%H:%M:%S}{sign}{hh:02d}:{mm:02d}"


# ---------------------------------------------------------------- XMP


def xml_text(text: str) -> str:
    """``text`` as metadata can carry it alike in Info and XMP: tabs and line
    breaks become spaces (an XML parser would turn \\r into \\n), and the
    characters XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF, lone
    surrogates) are dropped."""
    return "".join(
        " " if ch in "\t\n\r" else ch
        for ch in text
        if ch in "\t\n\r" or (ord(ch) >= 0x20 and ord(ch) not in (0xFFFE, 0xFFFF) and not 0xD800 <= ord(ch) <= 0xDFFF)
    )


_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
"""What xml.sax.saxutils.escape(…, {'"': "&quot;"}) replaces (that module imports urllib.request, http.client
and ssl: a tenth of a build's imports)."""


def _x(text: str) -> str:
    """XML-escape text and drop the characters XML 1.0 cannot carry."""
    return xml_text(text).translate(_XML_ESCAPES)


def build_xmp(
    *,
    standard: str | None,
    title: str,
    created: datetime,
    author: str | None,
    subject: str | None,
    creator: str,
    producer: str,
    lang: str,
    document_id: str,
    instance_id: str,
    archive: ArchiveInfo | None = None,
) -> bytes:
    """The XMP packet (UTF-8) that agrees with the Info dictionary we write;
    ``standard`` None for a file that is not PDF/X (the proof); ``archive``
    adds the issue's Dublin Core and PRISM properties."""
    date = xmp_date(created)
    lines = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '  <rdf:Description rdf:about=""',
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
        '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
        '    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"',
        f'    xmlns:pdfxid="{NS_PDFXID}"',
        f'    xmlns:prism="{NS_PRISM}"',
        f'    xmlns:pdfx="{NS_PDFX}">',
        "   <dc:format>application/pdf</dc:format>",
        "   <dc:title>",
        "    <rdf:Alt>",
        f'     <rdf:li xml:lang="x-default">{_x(title)}</rdf:li>',
    ]
    if lang and lang != "x-default":
        lines.append(f'     <rdf:li xml:lang="{_x(lang)}">{_x(title)}</rdf:li>')
    lines += ["    </rdf:Alt>", "   </dc:title>"]
    if author:
        lines += [
            "   <dc:creator>",
            "    <rdf:Seq>",
            f"     <rdf:li>{_x(author)}</rdf:li>",
            "    </rdf:Seq>",
            "   </dc:creator>",
        ]
    if subject:
        lines += [
            "   <dc:description>",
            "    <rdf:Alt>",
            f'     <rdf:li xml:lang="x-default">{_x(subject)}</rdf:li>',
            "    </rdf:Alt>",
            "   </dc:description>",
        ]
    if archive is not None:
        lines += xmp_lines(archive, _x, xmp_date)
    lines += [
        f"   <xmp:CreateDate>{date}</xmp:CreateDate>",
        f"   <xmp:ModifyDate>{date}</xmp:ModifyDate>",
        f"   <xmp:MetadataDate>{date}</xmp:MetadataDate>",
        f"   <xmp:CreatorTool>{_x(creator)}</xmp:CreatorTool>",
        f"   <pdf:Producer>{_x(producer)}</pdf:Producer>",
        f"   <xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>",
        f"   <xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>",
        "   <xmpMM:VersionID>1</xmpMM:VersionID>",
        "   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
    ]
    if standard is not None:  # the Info of a PDF/X file says /Trapped /False too
        lines.append("   <pdf:Trapped>False</pdf:Trapped>")
        lines.append(f"   <pdfxid:GTS_PDFXVersion>{_x(standard)}</pdfxid:GTS_PDFXVersion>")
    if standard == "PDF/X-1a:2003":
        lines += [
            f"   <pdfx:GTS_PDFXVersion>{_x(standard)}</pdfx:GTS_PDFXVersion>",
            f"   <pdfx:GTS_PDFXConformance>{_x(standard)}</pdfx:GTS_PDFXConformance>",
        ]
    lines += ["  </rdf:Description>", " </rdf:RDF>", "</x:xmpmeta>"]
    # The customary padding lets an editor update the packet in place.
    lines += [" " * 99] * 20
    lines.append('<?xpacket end="w"?>')
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------- labelling


def _fail(path: Path, message: str) -> BuildError:
    return BuildError(Diagnostic(display_path(path), None, None, message))


def _load_profile(condition: OutputCondition, standard: str) -> bytes | None:
    if condition.profile is None:
        if standard == "PDF/X-4":
            raise BuildError(
                Diagnostic(
                    "<output condition>",
                    None,
                    None,
                    f"PDF/X-4 needs an embedded output profile but the output condition "
                    f"{condition.identifier!r} names none: give it a CMYK ICC profile "
                    "(e.g. layout/data/icc/FOGRA39L_coated.icc) or write PDF/X-1a:2003",
                )
            )
        return None
    try:
        data = Path(condition.profile).read_bytes()
    except OSError as exc:
        raise _fail(Path(condition.profile), f"cannot read the output profile: {exc.strerror or exc}") from None
    head = read_icc_header(data)
    if head is None or not head.signature_ok:
        raise _fail(Path(condition.profile), "the output profile is not an ICC profile")
    if head.device_class != "prtr" or head.colour_space != "CMYK":
        raise _fail(
            Path(condition.profile),
            f"the output profile must be a CMYK output (printer) profile: its class is "
            f"{head.device_class!r} and its colour space {head.colour_space!r}",
        )
    return data


def _open_source(src: Path, data: bytes) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise _fail(src, "the PDF is encrypted (password protected); PDF/X forbids encryption") from None
    except pikepdf.PdfError as exc:
        raise _fail(src, f"not a readable PDF: {exc}") from None
    if pdf.is_encrypted:
        pdf.close()
        raise _fail(src, "the PDF is encrypted; PDF/X forbids encryption: render it without encrypt=")
    if len(pdf.pages) == 0:
        pdf.close()
        raise _fail(src, "the PDF has no pages")
    return pdf


def _uuid(kind: str, digest: str) -> str:
    return f"uuid:{uuid.uuid5(_UUID_NAMESPACE, f'{kind}:{digest}')}"


def label_pdfx(
    src: Path,
    dst: Path,
    *,
    standard: Standard,
    condition: OutputCondition,
    title: str,
    created: datetime,
    author: str | None = None,
    subject: str | None = None,
    creator: str = "layout",
    producer: str | None = None,
    lang: str = "zh-CN",
    archive: ArchiveInfo | None = None,
) -> None:
    """Write ``dst``: ``src`` identified as PDF/X ``standard`` for ``condition``;
    with ``archive``, also the issue's XMP properties, bookmarks and page
    labels (:mod:`layout.pdfx.archive`).

    ``created`` must be timezone-aware; it becomes CreationDate, ModDate and
    the XMP dates.  ``producer`` defaults to the source's Producer (ReportLab's)
    or else ``creator``.  ``src`` and ``dst`` may be the same path.

    Raises :class:`~layout.errors.BuildError` if ``src`` cannot be PDF/X
    (unreadable, encrypted, no pages) or the output profile is missing or
    not a CMYK printer profile; ``ValueError`` for a naive ``created``.
    """
    src, dst = Path(src), Path(dst)
    if standard not in STANDARDS:
        raise BuildError(
            Diagnostic(
                "<pdfx>",
                None,
                None,
                f"unknown PDF/X standard {standard!r}: use one of {', '.join(STANDARDS)}",
            )
        )
    _offset(created)  # naive datetimes are refused before any work
    created = created.replace(microsecond=0)
    # Info and XMP must agree: both get the text XML can carry
    title = xml_text(title)
    author = xml_text(author) if author else author
    subject = xml_text(subject) if subject else subject
    creator = xml_text(creator)
    version = STANDARDS[standard]
    profile = _load_profile(condition, standard)

    try:
        data = src.read_bytes()
    except OSError as exc:
        raise _fail(src, f"cannot read the PDF: {exc.strerror or exc}") from None
    digest = hashlib.sha256(data).hexdigest()

    pdf = _open_source(src, data)
    try:
        old_info = pdf.trailer.get("/Info")
        if producer is None:
            old = old_info.get("/Producer") if isinstance(old_info, pikepdf.Dictionary) else None
            producer = str(old) if old is not None and str(old).strip() else creator
        producer = xml_text(producer)

        # --- the output intent: replace whatever was there with exactly one
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=pikepdf.String(condition.identifier),
            OutputCondition=pikepdf.String(condition.condition),
            RegistryName=pikepdf.String(condition.registry_name),
            Info=pikepdf.String(condition.info if condition.info is not None else condition.condition),
        )
        if profile is not None:
            icc = pikepdf.Stream(pdf, profile)
            icc.N = 4
            intent.DestOutputProfile = pdf.make_indirect(icc)
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])

        # --- the catalog: no version override, the language of the text
        if "/Version" in pdf.Root:
            del pdf.Root["/Version"]
        if lang:
            pdf.Root.Lang = pikepdf.String(lang)

        # --- a fresh Info dictionary (drops ReportLab's "anonymous"/"unspecified")
        date = pdf_date(created)
        info = pikepdf.Dictionary(
            Title=pikepdf.String(title),
            Creator=pikepdf.String(creator),
            Producer=pikepdf.String(producer),
            CreationDate=pikepdf.String(date),
            ModDate=pikepdf.String(date),
            Trapped=pikepdf.Name("/False"),
            GTS_PDFXVersion=pikepdf.String(standard),
        )
        if author:
            info.Author = pikepdf.String(author)
        if subject:
            info.Subject = pikepdf.String(subject)
        if standard == "PDF/X-1a:2003":
            info.GTS_PDFXConformance = pikepdf.String(standard)
        pdf.trailer.Info = pdf.make_indirect(info)

        # --- XMP written by hand: pikepdf's editor would stamp "now"
        label_key = "\x1f".join(
            [
                digest,
                standard,
                condition.identifier,
                condition.condition,
                condition.registry_name,
                condition.info or "",
                hashlib.sha256(profile).hexdigest() if profile else "",
                title,
                date,
                author or "",
                subject or "",
                creator,
                producer,
                lang,
                repr(archive),
            ]
        )
        xmp = build_xmp(
            standard=standard,
            title=title,
            created=created,
            author=author,
            subject=subject,
            creator=creator,
            producer=producer,
            lang=lang,
            document_id=_uuid("document", digest),
            instance_id=_uuid("instance", hashlib.sha256(label_key.encode("utf-8")).hexdigest()),
            archive=archive,
        )
        if archive is not None:
            add_navigation(pdf, archive)
        # trailer /ID: the first identifier from the source content (ReportLab's
        # invariant ID is the same for every document of the same shape), the
        # second computed by qpdf from the output (deterministic_id=True)
        first = pikepdf.String(bytes.fromhex(digest)[:16])
        pdf.trailer.ID = pikepdf.Array([first, first])

        meta = pikepdf.Stream(pdf, xmp)
        meta.Type = pikepdf.Name.Metadata
        meta.Subtype = pikepdf.Name.XML
        pdf.Root.Metadata = pdf.make_indirect(meta)

        _save_atomically(pdf, dst, standard=standard, version=version)
    finally:
        pdf.close()


def _save_atomically(pdf: pikepdf.Pdf, dst: Path, *, standard: str, version: str) -> None:
    folder = dst.parent if str(dst.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _fail(dst, f"cannot write here: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    compress_plain_streams(pdf)
    try:
        with os.fdopen(fd, "wb") as fh:
            pdf.save(
                fh,
                force_version=version,
                fix_metadata_version=False,
                object_stream_mode=(
                    pikepdf.ObjectStreamMode.disable
                    if standard == "PDF/X-1a:2003"
                    else pikepdf.ObjectStreamMode.preserve
                ),
                compress_streams=False,  # compressed already (compress_plain_streams)
                deterministic_id=True,
            )
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def compress_plain_streams(pdf: pikepdf.Pdf) -> None:
    """Flate-compress every stream of ``pdf`` that has no filter but the XMP
    metadata (which stays readable as text) — what qpdf's
    ``compress_streams`` does to them.  qpdf's option also inflates and
    deflates again every stream compressed already (all of ReportLab's:
    fonts, page contents), a twentieth of a second a file for the same
    data; a save after this one writes with ``compress_streams=False``."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and "/Filter" not in obj and obj.get("/Type") != pikepdf.Name.Metadata:
            obj.write(_deflated(obj.read_raw_bytes()), filter=pikepdf.Name.FlateDecode)


_DEFLATED: dict[bytes, bytes] = {}  # a few streams a build: the output profile, ReportLab's colour function


def _deflated(data: bytes) -> bytes:
    found = _DEFLATED.get(data)
    if found is None:
        if len(_DEFLATED) > 16:
            _DEFLATED.clear()
        found = _DEFLATED[data] = zlib.compress(data)
    return found
