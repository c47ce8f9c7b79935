"""What the command line checks before any work: the ``--out`` folder,
``--dpi``, ``SOURCE_DATE_EPOCH`` and a PDF given to ``check --typography``
or ``preflight``.

Each check raises :class:`InputError` (exit 2) with one line naming the
path or the setting and the cause, so a build does not run for half a
minute to fail at its first write, and a PDF checker is never handed a file
it would crash on.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import zlib
from pathlib import Path

from .errors import Diagnostic, InputError, display_path, os_diagnostic, os_problem
from .limits import DPI_RANGE, MAX_PDF_BYTES, MAX_PDF_PAGES, MAX_PDF_STREAM_BYTES, SOURCE_DATE_EPOCH_RANGE
from .load.paths import name_problem


def _fail(where: str, message: str) -> InputError:
    return InputError(Diagnostic(where, None, None, message))


# ------------------------------------------------------------------ --out


def check_out_root(out: str) -> Path:
    """The output root ``out`` as a Path, once it is known that folders and
    files can be made there (the folder itself may not exist yet)."""
    if not out.strip():
        raise _fail("--out", "is empty; give the folder for the outputs, e.g. --out out")
    path = Path(out)
    shown = display_path(path)
    problem = name_problem(path)
    if problem is not None:
        raise _fail(shown, problem)
    # the folder, or the nearest folder above it that exists (the build makes the rest)
    probe = path
    while True:
        try:
            st = os.stat(probe)
        except (FileNotFoundError, NotADirectoryError):
            if probe.parent == probe:
                raise _fail(shown, "no folder of this path exists; check the path") from None
            probe = probe.parent
            continue
        except OSError as exc:
            raise InputError(os_diagnostic(exc, probe)) from None
        break
    if not stat.S_ISDIR(st.st_mode):
        what = "a file" if stat.S_ISREG(st.st_mode) else "not a folder (a device, pipe or socket)"
        if probe == path:
            raise _fail(shown, f"is {what}; --out needs a folder: give another path")
        raise _fail(display_path(probe), f"is {what}, so the folder {shown} cannot be made in it; give another --out")
    _probe_writable(probe, shown)
    return path


def _probe_writable(folder: Path, shown: str) -> None:
    """Make and remove an empty file in ``folder``: the only test that
    tells a read-only mount, an immutable folder or /proc (where even root
    cannot write) from a folder that takes the outputs."""
    try:
        fd, name = tempfile.mkstemp(prefix=".layout-probe-", dir=folder)
    except OSError as exc:
        where = display_path(folder)
        if exc.errno == errno.ENOENT:  # the folder exists but takes no files: /proc, /sys
            raise _fail(where, "files cannot be made in this folder (a virtual file system?); give another --out") from None
        raise _fail(where, f"cannot write the outputs here: {os_problem(exc)}") from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)


# ------------------------------------------------------------ other options


def check_dpi(dpi: int) -> None:
    low, high = DPI_RANGE
    if not low <= dpi <= high:
        raise _fail("--dpi", f"{dpi} is outside {low}…{high}; the page previews are for a screen (100 is the default)")


def check_source_date_epoch(environ: dict[str, str] | os._Environ = os.environ) -> None:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds date), when set, must
    be whole seconds from 1970 to the year 9999 (a PDF date has four digits)."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return
    low, high = SOURCE_DATE_EPOCH_RANGE
    text = value.strip()
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 20:
        raise _fail("SOURCE_DATE_EPOCH", f"'{value[:40]}' is not a whole number of seconds; set it like "
                                         "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) or unset it")
    if not low <= int(text) <= high:
        raise _fail("SOURCE_DATE_EPOCH", f"{text} is outside {low}…{high} (1970-01-01 to 9999-12-31 UTC); "
                                         "set a date in that range or unset it")


# -------------------------------------------------------------------- PDFs


def check_pdf(path: Path) -> None:
    """``path`` is a PDF the checkers can read: a readable file, starting
    with ``%PDF-``, opening without a password or repairs, with 1…
    :data:`MAX_PDF_PAGES` pages and no stream that inflates past
    :data:`MAX_PDF_STREAM_BYTES`."""
    import pikepdf

    shown = display_path(path)
    problem = name_problem(path)
    if problem is not None:
        raise _fail(shown, problem)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _fail(shown, "no such file; give the path of a PDF") from None
    except OSError as exc:
        raise InputError(os_diagnostic(exc, path)) from None
    if stat.S_ISDIR(st.st_mode):
        raise _fail(shown, "is a folder; give the path of a PDF file in it")
    if not stat.S_ISREG(st.st_mode):
        raise _fail(shown, "is not a regular file (a device, pipe or socket); give the path of a PDF file")
    if st.st_size == 0:
        raise _fail(shown, "the file is empty; it is not a PDF")
    if st.st_size > MAX_PDF_BYTES:
        raise _fail(shown, f"the file is {st.st_size / 1e6:,.0f} MB; layout checks PDFs of at most {MAX_PDF_BYTES // 1_000_000:,} MB")
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputError(os_diagnostic(exc, path)) from None
    if b"%PDF-" not in head:
        raise _fail(shown, "is not a PDF (it does not start with %PDF-); give a PDF file")
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise _fail(shown, "the PDF is encrypted with a password; give the file before encryption") from None
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise _fail(shown, f"the PDF is damaged ({_first_line(exc, path)}); export or build it again") from None
    with pdf:
        warnings = pdf.get_warnings()
        if warnings:
            raise _fail(shown, f"the PDF is damaged ({_first_line(warnings[0], path)}); export or build it again")
        try:
            pages = len(pdf.pages)
            if pages == 0:
                raise _fail(shown, "the PDF has no pages; there is nothing to check")
            if pages > MAX_PDF_PAGES:
                raise _fail(shown, f"the PDF has {pages} pages; layout checks at most {MAX_PDF_PAGES} (an issue has at most 64)")
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    _check_stream(obj, shown)
        except pikepdf.PdfError as exc:
            raise _fail(shown, f"the PDF is damaged ({_first_line(exc, path)}); export or build it again") from None
        warnings = pdf.get_warnings()
        if warnings:
            raise _fail(shown, f"the PDF is damaged ({_first_line(warnings[0], path)}); export or build it again")


def _check_stream(obj, shown: str) -> None:
    """A Flate stream is inflated with a cap, never whole: a few KB that
    inflate to gigabytes (a "PDF bomb") are refused without the memory."""
    import pikepdf

    filters = obj.get("/Filter")
    if isinstance(filters, pikepdf.Array):
        filters = filters[0] if len(filters) else None
    if filters != pikepdf.Name.FlateDecode:
        return
    data = obj.read_raw_bytes()
    inflater = zlib.decompressobj()
    total = 0
    chunk = 1 << 20
    try:
        while True:
            out = inflater.decompress(data, chunk)  # at most a MB at a time, counted and dropped
            total += len(out)
            data = inflater.unconsumed_tail
            if total > MAX_PDF_STREAM_BYTES or (not data and len(out) < chunk) or inflater.eof:
                break
    except zlib.error as exc:
        raise _fail(shown, f"the PDF is damaged (a stream does not inflate: {exc}); export or build it again") from None
    if total > MAX_PDF_STREAM_BYTES:
        raise _fail(shown, f"a stream of the PDF inflates to more than {MAX_PDF_STREAM_BYTES // 1_000_000} MB "
                           "(a PDF bomb?); layout does not check it")


def _first_line(message: object, path: Path) -> str:
    """qpdf's message, without the file name it starts with."""
    text = str(message).strip().splitlines()
    line = text[0] if text else "unreadable"
    for prefix in (f"{path}: ", f"{path.name}: "):
        line = line.removeprefix(prefix)
    return line if len(line) <= 160 else line[:160] + "…"
