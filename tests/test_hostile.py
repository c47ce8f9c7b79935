"""Hostile inputs and faults (issue 12): each reproduction of the issue ends
in exit 2 with the place of the problem — never a traceback, never
"internal error" for what the user or the machine caused.

The commands run in-process (``layout.cli.app``), as a user runs them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from conftest import run_layout
from layout.cli import app

SAMPLE_IMAGE = "images/binshui-kongjian.jpg"
SAMPLE_BODY = "rencai-gongyu.md"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    out = result.output
    assert "Traceback" not in out, out
    assert "internal error" not in out, out
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def expect(code_out: tuple[int, str], pattern: str, code: int = 2) -> None:
    got, out = code_out
    assert got == code, out
    assert re.search(pattern, out), out


LONG = "a" * 300  # a file name over the file systems' 255 bytes


# --------------------------------------------------------- class 1: OS errors in inputs


def _loop(path: Path) -> None:
    if path.exists():
        path.unlink()
    path.symlink_to(path.name)


def _image_loop(issue: Path) -> str:
    _loop(issue / SAMPLE_IMAGE)
    return rf"issue\.yaml:\d+:\d+: image '{SAMPLE_IMAGE}': symbolic links .* loop"


def _body_loop(issue: Path) -> str:
    _loop(issue / SAMPLE_BODY)
    return rf"issue\.yaml:\d+:\d+: body_file '{SAMPLE_BODY}': symbolic links .* loop"


def _theme_loop(issue: Path) -> str:
    edit(issue.parent / "publication.yaml", "theme: tabloid", "theme: loop.yaml")
    _loop(issue.parent / "loop.yaml")
    return r"publication\.yaml:\d+:\d+: theme 'loop\.yaml': symbolic links .* loop"


def _publication_loop(issue: Path) -> str:
    _loop(issue.parent / "publication.yaml")
    return r"issue\.yaml:\d+:\d+: publication file '\.\./publication\.yaml': symbolic links .* loop"


def _nul(where: str, old: str, new: str, blamed: str):
    def case(issue: Path) -> str:
        edit(issue / where if where == "issue.yaml" else issue.parent / where, old, new)
        return rf"{re.escape(blamed)}:\d+:\d+: control character U\+0000"
    return case


def _long(where: str, old: str, new: str, blamed: str):
    def case(issue: Path) -> str:
        edit(issue / where if where == "issue.yaml" else issue.parent / where, old, new)
        return rf"{re.escape(blamed)}:\d+:\d+: .*30\d bytes long; the file system allows 255"
    return case


def _folder_not_utf8(issue: Path) -> Path:
    bad = Path(os.fsdecode(bytes(issue.parent) + b"/\xff\xfe-06"))
    issue.rename(bad)
    return bad


OS_CASES = {
    "image-symlink-loop": _image_loop,
    "body-file-symlink-loop": _body_loop,
    "theme-symlink-loop": _theme_loop,
    "publication-symlink-loop": _publication_loop,
    "nul-in-image": _nul("issue.yaml", f"file: {SAMPLE_IMAGE}", 'file: "images/a\\0b.jpg"', "issue.yaml"),
    "nul-in-body-file": _nul("issue.yaml", f"body_file: {SAMPLE_BODY}", 'body_file: "a\\0b.md"', "issue.yaml"),
    "nul-in-publication": _nul("issue.yaml", "publication: ../publication.yaml", 'publication: "../a\\0b.yaml"', "issue.yaml"),
    "nul-in-theme": _nul("publication.yaml", "theme: tabloid", 'theme: "a\\0b.yaml"', "publication.yaml"),
    "long-image-name": _long("issue.yaml", f"file: {SAMPLE_IMAGE}", f"file: images/{LONG}.jpg", "issue.yaml"),
    "long-body-file-name": _long("issue.yaml", f"body_file: {SAMPLE_BODY}", f"body_file: {LONG}.md", "issue.yaml"),
    "long-publication-name": _long("issue.yaml", "publication: ../publication.yaml", f"publication: ../{LONG}.yaml", "issue.yaml"),
    "long-theme-name": _long("publication.yaml", "theme: tabloid", f"theme: {LONG}.yaml", "publication.yaml"),
}


@pytest.mark.parametrize("case", sorted(OS_CASES))
def test_os_errors_in_inputs_name_the_path(case, issue_copy):
    pattern = OS_CASES[case](issue_copy)
    expect(run("check", str(issue_copy)), pattern)


def test_issue_folder_whose_name_is_not_utf8_is_refused(issue_copy):
    bad = _folder_not_utf8(issue_copy)
    expect(run("check", str(bad)), r"\\xff\\xfe-06: the issue folder's name is not UTF-8")


def test_issue_path_over_the_name_limit(issue_copy):
    expect(run("check", str(issue_copy / LONG)), r"30\d bytes long; the file system allows 255")


# --------------------------------------------------------- class 2: OS errors in outputs


@pytest.mark.parametrize("out,pattern", [
    ("", r"--out: is empty"),
    ("/dev/null", r"/dev/null: is not a folder"),
    ("/proc/self", r"/proc/self: files cannot be made in this folder"),
])
def test_unusable_out_is_refused_before_any_work(issue_copy, out, pattern):
    expect(run("build", str(issue_copy), "--out", out), pattern)


def test_out_that_is_a_file_is_refused(issue_copy, tmp_path):
    target = tmp_path / "out"
    target.write_bytes(b"not a folder")
    expect(run("build", str(issue_copy), "--out", str(target)), r"out: is a file; --out needs a folder")
    expect(run("build", str(issue_copy), "--out", str(target / "sub")), r"out: is a file, so the folder .*sub cannot be made")
    assert target.read_bytes() == b"not a folder"


def test_a_build_after_a_draft_replaces_the_drafts_folder(small_issue, tmp_path):
    # the designer looks at a draft, fixes the text, builds: the draft's proof is layout's own
    issue = small_issue(pages=2)
    out = tmp_path / "out"
    assert run_layout("build", "--draft", issue, "--out", out).returncode == 0
    assert list((out / issue.name).glob("*-draft.pdf"))
    done = run_layout("build", issue, "--out", out, "--no-preview")
    assert done.returncode == 0, done.stderr
    assert (out / issue.name / "manifest.json").exists()
    assert not list((out / issue.name).glob("*-draft.pdf"))  # the build's set replaced the folder whole


def test_a_folder_holding_someone_elses_proof_pdf_is_still_refused(small_issue, tmp_path):
    import pikepdf

    issue = small_issue(pages=2)
    target = tmp_path / "out" / issue.name
    target.mkdir(parents=True)
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.docinfo["/Subject"] = "my notes (draft)"
        pdf.save(target / "notes-proof.pdf")
    done = run_layout("build", issue, "--out", tmp_path / "out", "--no-preview")
    assert done.returncode == 2 and "holds files layout did not write" in done.stderr, done.stderr
    assert [p.name for p in target.iterdir()] == ["notes-proof.pdf"]


def _mount_tmpfs(where: Path, size: str) -> None:
    where.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=False, capture_output=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.decode().strip() or 'not permitted'})")


@pytest.fixture
def small_fs(tmp_path):
    mount = tmp_path / "fs"
    _mount_tmpfs(mount, "1m")
    yield mount
    subprocess.run(["umount", str(mount)], check=False, capture_output=True)


def test_read_only_out_is_refused(issue_copy, small_fs):
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    expect(run("build", str(issue_copy), "--out", str(small_fs)), r"fs: cannot write the outputs here: the file system is read-only")
    expect(run("build", str(issue_copy), "--out", str(small_fs / "new")), r"fs: cannot write the outputs here: the file system is read-only")


def test_full_disk_is_reported_with_the_path(issue_copy, small_fs):
    """Errno 28 during the build: exit 2, the folder and what to do."""
    expect(run("build", str(issue_copy), "--out", str(small_fs), "--no-preview"),
           rf"{re.escape(str(small_fs))}/2025-06: cannot write the outputs.*: no space left on the device; free some space")
    assert not list(small_fs.glob("*/*.pdf"))
    assert not list(small_fs.glob(".build-*")), "the failed build's temporary folder is removed"
    assert not list(small_fs.glob(".cache/photos/*.tmp")), "no half-written photo stays in the cache"


def test_publication_title_that_would_make_a_file_name_too_long(issue_copy):
    edit(issue_copy.parent / "publication.yaml", "title: 自家门口这点事", "title: " + "自家门口这点事" * 13)
    expect(run("check", str(issue_copy)), r"publication\.yaml:\d+:\d+: title: is 91 characters long; at most 40")


# ------------------------------------------- class 3: values that pass the schema, crash later


@pytest.mark.parametrize("url", ["https://weixin.qq.com/r/" + "x" * 2900, "https://weixin.qq.com/r/" + "中" * 1000])
def test_qr_url_over_what_a_symbol_holds(issue_copy, url):
    edit(issue_copy.parent / "publication.yaml", "url: https://weixin.qq.com/r/placeholder-shanghai-shequfabu", f"url: {url}")
    expect(run("check", str(issue_copy)), r"publication\.yaml:\d+:\d+: the QR code cannot hold this text")


@pytest.mark.parametrize("epoch", ["99999999999999", "-1", "1e9", "soon"])
def test_source_date_epoch_out_of_range(issue_copy, tmp_path, epoch):
    for command in (["check", str(issue_copy)], ["build", str(issue_copy), "--out", str(tmp_path / "out")]):
        expect(run(*command, env={"SOURCE_DATE_EPOCH": epoch}), r"SOURCE_DATE_EPOCH: ")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("dpi", ["0", "-5", "3000"])
def test_preview_dpi_out_of_range(issue_copy, tmp_path, dpi):
    expect(run("build", str(issue_copy), "--out", str(tmp_path / "out"), "--dpi", dpi), rf"--dpi: {dpi} is outside 10…300")
    assert not (tmp_path / "out").exists()


THEME_FORMATS = {
    "masthead:\n  number_format: '{0.__class__}{'": r"test-theme\.yaml:3:\d+: number_format is not a valid format string",
    "masthead:\n  number_format: '{0.__class__}'": r"test-theme\.yaml:3:\d+: number_format '\{0\.__class__\}' is not a field here",
    "running_head:\n  left: '{nope}'": r"test-theme\.yaml:3:\d+: left '\{nope\}' is not a field here; the fields are \{title\}",
    "running_head:\n  right: '{title.__class__.__init__}'": r"test-theme\.yaml:3:\d+: right .*only the field itself may be used",
    "running_head:\n  center: '{title[0]}'": r"test-theme\.yaml:3:\d+: center .*only the field itself may be used",
    "masthead:\n  date_format: '{year!r}'": r"test-theme\.yaml:3:\d+: date_format .*conversions are not allowed",
    "masthead:\n  date_format: '{year:>99999999}'": r"test-theme\.yaml:3:\d+: date_format .*no width over 999",
    "masthead:\n  serial_format: '{serial:05d}'": r"test-theme\.yaml:3:\d+: serial_format cannot be filled",
    "toc:\n  ref_format: 'P{title}'": r"test-theme\.yaml:3:\d+: ref_format '\{title\}' is not a field here; the fields are \{page\}",
}


@pytest.mark.parametrize("theme", sorted(THEME_FORMATS))
def test_theme_format_strings_use_only_the_documented_fields(small_issue, theme):
    expect(run("check", str(small_issue(theme_text="schema: 1\n" + theme + "\n"))), THEME_FORMATS[theme])


@pytest.mark.parametrize("field", ["body:\n  size_pt: .inf", "body:\n  size_pt: .nan", "running_head:\n  size_pt: -.inf",
                                   "title:\n  size_pt_by_columns: [20, .inf, 30, 30, 30, 30]", "qr:\n  size_mm: .inf"])
def test_infinite_sizes_are_refused_at_load(small_issue, field):
    expect(run("check", str(small_issue(theme_text="schema: 1\n" + field + "\n"))),
           r"test-theme\.yaml:3:\d+: \S+: Input should be a finite number")


def _profile_theme(small_issue, content: bytes | None) -> Path:
    folder = small_issue(theme_text="schema: 1\nprint:\n  output_condition:\n    profile: press.icc\n")
    if content is not None:
        (folder.parent / "press.icc").write_bytes(content)
    return folder


@pytest.mark.parametrize("profile, pattern", [
    (b"", "is an empty file"),
    (bytes(range(256)) * 20, "is not an ICC profile"),
    ("rgb", "has the colour space RGB; the print output needs a CMYK profile"),
])
def test_unusable_output_profile_is_refused_at_load(small_issue, profile, pattern):
    from layout.model.sheet import ICC_DIR

    data = (ICC_DIR / "sRGB.icc").read_bytes() if profile == "rgb" else profile
    folder = _profile_theme(small_issue, data)
    expect(run("check", str(folder)), rf"test-theme\.yaml:4:\d+: output profile 'press\.icc' {pattern}")


@pytest.mark.parametrize("text, kind", [("- body\n- title\n", "a list"), ("tabloid\n", "a single text"), ("", "empty")])
def test_theme_file_that_is_not_a_mapping_is_an_error(small_issue, text, kind):
    expect(run("check", str(small_issue(theme_text=text))), rf"test-theme\.yaml:1:1: a theme must be a mapping .* is {kind}")


def test_theme_base_that_loops_or_holds_a_nul(small_issue):
    folder = small_issue(theme_text="schema: 1\nbase: loop.yaml\n")
    (folder.parent / "loop.yaml").symlink_to("loop.yaml")
    expect(run("check", str(folder)), r"test-theme\.yaml:2:7: theme file 'loop\.yaml': symbolic links .* loop")
    folder = small_issue(theme_text='schema: 1\nbase: "a\\0b.yaml"\n')
    expect(run("check", str(folder)), r"test-theme\.yaml:2:7: control character U\+0000")


# ------------------------------------------- class 4: layout failures at their place


def test_fifty_wechat_lines_are_reported_at_the_lines(issue_copy):
    lines = ", ".join(f"第{i}行说明" for i in range(50))
    edit(issue_copy.parent / "publication.yaml", "lines: [扫描二维码, 关注“上海社区发布”, 官方微信公众号]", f"lines: [{lines}]")
    expect(run("check", str(issue_copy)), r"publication\.yaml:12:\d+: the QR box with its 50 caption lines ends \d+ mm below", 1)


def test_toc_box_that_does_not_fit_page_one_is_reported_at_an_entry(small_issue):
    from conftest import article_yaml

    long_toc = "社区议事会召开居民代表共商小区更新" * 10
    parts = [article_yaml("front", 1, "社区议事会召开", 2, columns=5)]
    for n in range(12):
        parts.append(article_yaml(f"a{n}", 2 + n % 3, f"第{n}篇", 1).replace("    body:", f"    toc: {long_toc}\n    body:", 1))
    folder = small_issue(articles="".join(parts))
    expect(run("check", str(folder)), r"issue\.yaml:\d+:\d+: the 导读 box needs \d+ body lines; \d+ are left on page 1", 1)


def test_a_year_before_1000_is_written_the_pdf_way():
    import datetime as dt

    from layout.pdfx import pdf_date, xmp_date

    when = dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert pdf_date(when) == "D:00010101000000+08'00'"
    assert xmp_date(when) == "0001-01-01T00:00:00+08:00"


def test_lab_tiff_is_refused_at_load(issue_copy):
    Image.new("LAB", (1600, 1200), (60, 140, 120)).save(issue_copy / "images" / "lab.tif")
    edit(issue_copy / "issue.yaml", f"file: {SAMPLE_IMAGE}", "file: images/lab.tif")
    expect(run("check", str(issue_copy)), r"issue\.yaml:\d+:\d+: image 'images/lab\.tif' is a Lab colour image; save it as an RGB")


@pytest.mark.parametrize("w,h", [(12000, 9000), (20000, 10000)])  # over Pillow's warning, over its error
def test_a_photo_over_the_pixel_limit_gets_its_size_and_the_limit(issue_copy, w, h):
    """A medium-format camera's photo: the message names its size and the
    limit (not Pillow's decompression-bomb warning), read from the header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = w.to_bytes(4, "big") + h.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    (issue_copy / "images" / "huge.png").write_bytes(png)
    edit(issue_copy / "issue.yaml", f"file: {SAMPLE_IMAGE}", "file: images/huge.png")
    expect(run("check", str(issue_copy)),
           rf"issue\.yaml:\d+:\d+: image 'images/huge\.png' has {w}×{h} pixels; a photo may have at most 50 megapixels: scale it down")


# --------------------------------------------------------------- class 5: loader edges


def test_thousand_deep_nesting(issue_copy):
    edit(issue_copy / "issue.yaml", "pages: 8", "pages: 8\nx-deep: " + "[" * 1000 + "]" * 1000)
    expect(run("check", str(issue_copy)), r"issue\.yaml:\d+:\d+: lists and mappings nested more than 32 deep")


@pytest.mark.parametrize("char", ["\x7f", "\x80", "\uffff"])
def test_literal_characters_yaml_refuses_have_line_and_column(issue_copy, char):
    text = (issue_copy / "issue.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index("pages: 8") + 1
    edit(issue_copy / "issue.yaml", "pages: 8", f"pages: 8 #{char}")
    expect(run("check", str(issue_copy)), rf"issue\.yaml:{line}:11: .*U\+{ord(char):04X}")


def test_markdown_reference_definition_is_an_error(issue_copy):
    body = issue_copy / SAMPLE_BODY
    lines = body.read_text(encoding="utf-8").rstrip("\n").split("\n")
    body.write_text("\n".join(lines) + "\n\n[ref]: http://example.com/\n", encoding="utf-8")
    expect(run("check", str(issue_copy)), rf"{SAMPLE_BODY}:{len(lines) + 2}:1: a link reference definition")


def test_html_entity_is_an_error_not_decoded(issue_copy):
    body = issue_copy / SAMPLE_BODY
    body.write_text("开头&#x202E;倒过来\n\n" + body.read_text(encoding="utf-8"), encoding="utf-8")
    expect(run("check", str(issue_copy)), rf"{SAMPLE_BODY}:1:3: the HTML entity '&#x202E;' is not supported")


# ------------------------------------------------------------ class 6: time and memory bounds


def test_fifty_megabyte_body_is_refused_unread(issue_copy):
    with open(issue_copy / SAMPLE_BODY, "ab") as fh:
        fh.write(("很长的正文。" * 1000 + "\n\n").encode() * 2800)
    assert (issue_copy / SAMPLE_BODY).stat().st_size > 50_000_000
    expect(run("check", str(issue_copy)), rf"{SAMPLE_BODY}: the file is larger than 2 MB")


@pytest.mark.parametrize("old,new,pattern", [
    ("pages: 8", "pages: 1000000", r"issue\.yaml:\d+:\d+: pages: must be at most 64"),
    ("    page: 2\n", "    page: 1000\n", r"issue\.yaml:\d+:\d+: articles\[3\]\.page: must be at most 64"),
    ("kicker: 端午时节，社区里飘起粽叶清香", "kicker: 端午" + "," * 1_000_000, r"issue\.yaml:\d+:\d+: articles\[3\]\.kicker: is 1000002 characters long; at most 200"),
])
def test_documented_limits_are_checked_before_layout(issue_copy, old, new, pattern):
    edit(issue_copy / "issue.yaml", old, new)
    expect(run("check", str(issue_copy)), pattern)


# ------------------------------------------------------------------- class 8: PDF commands


def _pdfs(folder: Path, sample_pdf: Path) -> dict[str, Path]:
    import pikepdf

    data = sample_pdf.read_bytes()
    made = {
        "missing": folder / "missing.pdf",
        "folder": folder,
        "empty": folder / "empty.pdf",
        "random": folder / "random.pdf",
        "truncated": folder / "truncated.pdf",
        "encrypted": folder / "encrypted.pdf",
        "no-pages": folder / "zero.pdf",
        "bomb": folder / "bomb.pdf",
    }
    made["empty"].write_bytes(b"")
    made["random"].write_bytes(np.random.default_rng(12).bytes(20_000))
    made["truncated"].write_bytes(data[: len(data) // 2])
    with pikepdf.open(sample_pdf) as pdf:
        pdf.save(made["encrypted"], encryption=pikepdf.Encryption(user="secret", owner="secret"))
    pikepdf.new().save(made["no-pages"])
    bomb = pikepdf.new()
    bomb.add_blank_page()
    z = zlib.compressobj(9)
    spaces = b"".join(z.compress(b" " * (1 << 20)) for _ in range(100)) + z.flush()
    stream = pikepdf.Stream(bomb, b"")
    stream.write(spaces, filter=pikepdf.Name.FlateDecode)
    bomb.pages[0].Contents = stream
    bomb.save(made["bomb"])
    return made


PDF_PROBLEMS = {
    "missing": "no such file", "folder": "is a folder", "empty": "the file is empty",
    "random": "is not a PDF", "truncated": "the PDF is damaged", "encrypted": "encrypted with a password",
    "no-pages": "the PDF has no pages", "bomb": "inflates to more than 50 MB",
}


def test_pdf_commands_refuse_what_is_not_a_readable_pdf(sample, tmp_path):
    pdfs = _pdfs(tmp_path, sample.proof)
    for name, path in pdfs.items():
        for command in (["check", "--typography", str(path)], ["preflight", str(path)]):
            code, out = run(*command)
            assert code == 2, (name, command, out)
            lines = out.strip().splitlines()
            assert len(lines) == 1 and PDF_PROBLEMS[name] in lines[0], (name, command, out)


# ------------------------------------------------------------------ class 9: shared machines


def test_word_cache_lives_in_the_users_cache_folder(tmp_path):
    code = ("from layout.text.words import word_starts, _tokenizer; import sys; "
            "print(sorted(word_starts('区委副书记、区长刘平')), _tokenizer().tmp_dir)")
    cache = tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    proc = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    names = sorted(p.name for p in (cache / "layout").iterdir())
    assert "jieba-0.42.1.cache" in names, names  # the dictionary, and the word breaks of each string
    assert all(n == "jieba-0.42.1.cache" or (n.startswith("words-jieba-") and n.endswith(".json")) for n in names), names
    assert proc.stdout.split()[-1] == str(cache / "layout")
    # a cache folder that cannot be made: the words are the same, nothing is printed, nothing goes to /tmp
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    proc2 = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                           env={**os.environ, "XDG_CACHE_HOME": str(blocked)})
    assert proc2.returncode == 0 and proc2.stderr == "", proc2.stderr
    assert proc2.stdout.split()[:-1] == proc.stdout.split()[:-1]


# ------------------------------------------------------------ class 10: wrong output, exit 0


def test_sixteen_bit_grey_photo_keeps_its_pixels(tmp_path):
    from layout.load.resolve import builtin_theme
    from layout.pages.display import Picture
    from layout.render.photos import PhotoPrep

    ramp = (np.arange(256, dtype=np.uint32)[None, :].repeat(64, axis=0) * 257).astype(np.uint16)
    src = tmp_path / "grey16.png"
    Image.fromarray(ramp).save(src)
    assert Image.open(src).mode == "I;16"
    theme = builtin_theme()
    prep = PhotoPrep(tmp_path / "cache", theme.sheet.photo_profile, theme.photos)
    done = prep.prepare(Picture(0, 0, 72 * 256 / 300, 72 * 64 / 300, src, (0, 0, 1, 1), "grey16.png"))
    with Image.open(done.path) as im:
        k = np.asarray(im.convert("CMYK"))[..., 3].astype(int)
    # black on the left, white on the right, every step of the ramp kept
    assert k[:, :8].mean() > 240 and k[:, -8:].mean() < 15
    assert len(np.unique(k[32])) > 200


def test_mpo_photo_from_a_phone_is_read_as_its_first_frame(issue_copy, tmp_path):
    jpeg = issue_copy / SAMPLE_IMAGE
    with Image.open(jpeg) as im:
        first = im.convert("RGB")
    mpo = jpeg.with_suffix(".mpo.jpg")
    first.save(mpo, "MPO", save_all=True, append_images=[Image.new("RGB", (64, 48))], quality=95)
    assert Image.open(mpo).format == "MPO"
    edit(issue_copy / "issue.yaml", f"file: {SAMPLE_IMAGE}", f"file: {SAMPLE_IMAGE[:-4]}.mpo.jpg")
    code, out = run("check", str(issue_copy))
    assert code == 0, out

    from layout.load.resolve import builtin_theme
    from layout.pages.display import Picture
    from layout.render.photos import PhotoPrep

    theme = builtin_theme()
    prep = PhotoPrep(tmp_path / "cache", theme.sheet.photo_profile, theme.photos)
    done = prep.prepare(Picture(0, 0, 300, 200, mpo, (0, 0, 1, 1), mpo.name))
    assert done.pixels == first.size
