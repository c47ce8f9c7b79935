"""The copyfit report and the draft proof (issue 8, item 5).

Unit tests on engine-shaped results; end-to-end tests on a synthetic issue
that does not fit (tools/issuegen.py): ``layout build`` exits 1 and writes
nothing, ``--draft`` writes only the proof with the article marked, and the
moves the report says fit do fit once applied.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import make_article, run_layout
from layout import copyfit
from layout.copyfit import checked_moves, cut_from_end, overset_diagnostics, photo_room, results_of, underfilled
from layout.errors import Diagnostic
from layout.pages.display import Page, Placement, Rect, TextLine
from layout.pages.draft import Overrun, mark_overset
from layout.pages.paginate import Layout

# The end-to-end tests need the make-up engine's results (Layout.overset,
# Layout.fill: layout/pages/result.py of the engine branch).
ENGINE = "overset" in Layout.__dataclass_fields__
needs_engine = pytest.mark.skipif(not ENGINE, reason="needs the make-up engine's overset results (Layout.overset, "
                                                     "layout/pages/result.py of branch p8-core)")


@dataclass(frozen=True)
class M:
    text: str
    fits: bool


@dataclass(frozen=True)
class O:
    article_id: str
    page: int
    lines_over: int
    chars_over: int
    moves: tuple[M, ...]


@dataclass(frozen=True)
class F:
    page: int
    capacity: int
    content: int
    empty: int


class FakeIssue:
    def __init__(self, *articles):
        self.articles = articles
        self.path = Path("issue.yaml")


def test_each_overset_article_is_one_error_at_its_place_then_its_moves():
    art = make_article("lead")
    moves = (M("photo 'a.jpg' to 2 column(s)", False), M("cut ~140 characters", True),
             M("continue on page 5, 31 free lines", True))
    diags = overset_diagnostics([O("lead", 1, 12, 140, moves)], FakeIssue(art))  # type: ignore[arg-type]
    head, *notes = diags
    assert (head.file, head.line, head.col, head.severity) == ("issue.yaml", 1, 1, "error")
    assert head.message == "article 'lead' does not fit on page 1: 12 line(s) over, about 140 characters"
    assert [n.message for n in notes] == ["cut ~140 characters: fits", "continue on page 5, 31 free lines: fits",
                                          "photo 'a.jpg' to 2 column(s): does not fit"]
    assert all(n.severity == "note" and n.line == 1 for n in notes)
    assert str(notes[0]) == "issue.yaml:1:1: note: cut ~140 characters: fits"


def test_when_no_move_fits_the_report_says_so():
    diags = overset_diagnostics([O("lead", 2, 80, 1040, (M("cut ~1040 characters", False),))],
                                FakeIssue(make_article("lead")))  # type: ignore[arg-type]
    assert "no single move makes it fit" in diags[-1].message


def test_an_article_over_on_the_page_it_continues_on_is_named_with_both_pages():
    diags = overset_diagnostics([O("lead", 4, 2, 26, (M("cut ~26 characters", True),))],
                                FakeIssue(make_article("lead", page=2)))  # type: ignore[arg-type]
    assert diags[0].message == ("article 'lead' does not fit on page 4, where it continues from page 2: "
                                "2 line(s) over, about 26 characters")


def test_a_move_not_made_up_again_is_said_unchecked_never_to_fit():
    moves = (copyfit.Checked("cut ~140 characters", False, unchecked=True),
             copyfit.Checked("continue on page 3 (continued_on: 3)", False))
    diags = overset_diagnostics([copyfit.CheckedOverset("lead", 1, 12, 140, moves)], FakeIssue(make_article("lead")))  # type: ignore[arg-type]
    assert [d.message for d in diags[1:]] == [
        "cut ~140 characters: not checked", "continue on page 3 (continued_on: 3): does not fit",
        "no move checked makes it fit: cut and move, or give the issue more pages"]


def test_a_cut_takes_that_many_characters_off_the_end_of_the_text_and_keeps_tables():
    from layout.model.document import Origin, TableBlock, TextBlock

    o = Origin.at("issue.yaml", 1, 1)
    table = TableBlock((TextBlock("cell", (copyfit.Span("项目"),), o),), (), ("left",), o)
    art = dataclasses.replace(make_article(paragraphs=("一二三四五", "六七八")),
                              body=(*make_article(paragraphs=("一二三四五", "六七八")).body, table))
    cut = cut_from_end(art, 5)
    assert cut is not None
    texts = ["".join(sp.text for sp in b.spans) if isinstance(b, TextBlock) else "table" for b in cut.body]
    assert texts == ["一二三", "table"]
    assert cut_from_end(art, 8) is None  # no text left
    assert cut_from_end(art, 9) is None


@needs_engine
def test_every_move_said_to_fit_was_made_up_again_and_the_article_then_fits(tmp_path, fonts, monkeypatch):
    from layout.build import load_issue
    from layout.pages.paginate import paginate

    loaded = load_issue(_overset_issue(tmp_path / "issues", 1200), fonts.keys)
    issue, theme = loaded.issue, loaded.theme
    r = results_of(paginate(issue, theme, fonts, strict=False))
    assert r.overset
    checked = checked_moves(issue, theme, fonts, r.overset, r.photos, r.fill)
    fitting = [(o, m) for o in checked for m in o.moves if m.fits]
    assert fitting and all(m.text.startswith("cut ~") or "column" in m.text or "continue" in m.text for _, m in fitting)
    for o, m in fitting:
        art = next(a for a in issue.articles if a.id == o.article_id)
        if cut := re.fullmatch(r"cut ~(\d+) characters", m.text):
            assert int(cut.group(1)) >= o.chars_over
            changed = cut_from_end(art, int(cut.group(1)))
            assert changed is not None
            trial = dataclasses.replace(issue, articles=tuple(changed if a.id == art.id else a for a in issue.articles))
            paginate(trial, theme, fonts)  # fits: no BuildError
    # with no make-up to spare, nothing is said to fit
    monkeypatch.setattr(copyfit, "CHECK_BUDGET", 0)
    none = checked_moves(issue, theme, fonts, r.overset, r.photos, r.fill)
    assert all(m.unchecked and not m.fits for o in none for m in o.moves)


def test_one_line_per_page_with_room(kit):
    grid = kit.grid
    cap = grid.columns * grid.lines
    warn = 4
    fill = [F(1, cap, cap - 3, 3), F(2, cap, cap - 100, 100), F(3, cap, cap - warn * grid.columns, warn * grid.columns)]
    lines = underfilled(fill, grid, warn)
    assert len(lines) == 2  # page 1 is full; pages 2 and 3 have room
    p2, p3 = lines
    assert p2.startswith(f"page 2: {100 * 100 / cap:.0f} % white, room for about {round(100 * grid.column_chars / 50) * 50} characters")
    assert p3.startswith("page 3: ")
    # a photo is offered only when its 3:2 frame fits in the empty cells
    k = photo_room(100, grid)
    assert (f"or a {k}-column photo" in p2) == (k > 0)
    rows = grid.lines_for(grid.span(k + 1) / 1.5)
    assert k == grid.columns or (k + 1) * rows > 100


def test_the_engines_own_wording_of_what_the_report_words_is_left_out():
    layout = Layout([], {}, [Diagnostic("issue.yaml", 3, 5, "article 'lead' does not fit on page 1: 12 line(s) over"),
                             Diagnostic("issue.yaml", None, None, "page 2: 20 % of the type area is empty, room for …", "warning"),
                             Diagnostic("issue.yaml", 9, 5, "photo 'x.jpg' is 200 ppi", "warning")])
    layout.overset = [O("lead", 1, 12, 140, ())]  # type: ignore[attr-defined]
    layout.fill = [F(2, 600, 480, 120)]  # type: ignore[attr-defined]
    results = results_of(layout)
    assert [w.message for w in results.warnings] == ["photo 'x.jpg' is 200 ppi"]
    assert len(results.overset) == 1 and len(results.fill) == 1


def test_the_draft_marks_frame_the_module_and_say_the_lines_over(kit):
    placement = Placement("lead", 2, 100.0, 200.0, 300.0, 400.0, lines=40)
    other = Placement("other", 2, 450.0, 200.0, 100.0, 100.0)
    pages = [Page(1), Page(2, [], [placement, other])]
    marked = mark_overset(pages, [Overrun("lead", 2, 12)], kit.theme, kit.setter)
    assert pages[1].items == []  # the pages given are left as they were
    assert marked[0].items == []
    frame, tag, note = marked[1].items
    draft = kit.theme.draft
    pad = draft.padding_pt
    assert isinstance(frame, Rect) and frame.stroke == draft.color and frame.fill is None
    assert (frame.x, frame.y, frame.w, frame.h) == (100 - pad, 200 - pad, 300 + 2 * pad, 400 + 2 * pad)
    assert isinstance(tag, Rect) and tag.fill == draft.color and tag.y >= frame.y + frame.h - 1e-6
    # the composer sets its own space between Han and digits
    assert isinstance(note, TextLine) and note.line.text.replace(" ", "") == "超版12行"
    assert tag.y + tag.h <= kit.grid.height + 1e-6


def test_the_report_lists_photos_and_white_holes(sample):
    report = sample.result.report
    text = report.format()
    data = report.to_dict()
    assert len(data["photos"]) == 7
    for p in data["photos"]:
        assert p["columns"] >= 1 and p["size_mm"][0] > 0 and p["size_mm"][1] > 0
        assert set(p["crop_pct"]) == {"left", "top", "right", "bottom"}
        assert all(0 <= v <= 50 for v in p["crop_pct"].values())
        assert p["ppi"] >= 300
        assert re.search(rf"p{p['page']} {re.escape(p['file'])}: {p['columns']} col, [\d.]+ × [\d.]+ mm; crop [\d. ]+ %; [\d.]+ ppi", text)
    assert [h["page"] for h in data["holes"]] == list(range(1, 9))
    assert all(0 < h["holes"] <= 0.10 for h in data["holes"])  # the sample scores about 8 %
    for n in range(1, 9):
        assert re.search(rf"page {n}: holes \d+\.\d %", text)


# ------------------------------------------------------------- end to end

def _overset_issue(root: Path, extra: int) -> Path:
    """Two A3 pages; page 2 holds a 4,000-character article and one of
    ``extra`` characters with a photo, which does not fit from about 800."""
    from tools.issuegen import ArticleSpec, IssueSpec, PhotoSpec, write_issue

    spec = IssueSpec([ArticleSpec(1, 3000, [PhotoSpec("landscape")]), ArticleSpec(2, 4000),
                      ArticleSpec(2, extra, [PhotoSpec("landscape")])], pages=2)
    return write_issue(root / "2025-08", spec, seed=1)


def _cut_last_body(issue: Path, chars: int) -> None:
    """Cut ``chars`` characters off the end of the last article's body (the
    last lines of issue.yaml), keeping its paragraphs whole lines."""
    lines = (issue / "issue.yaml").read_text(encoding="utf-8").splitlines()
    left = chars
    while left > 0:
        text = lines[-1].strip()
        if not text:
            lines.pop()
        elif len(text) <= left:
            left -= len(text)
            lines.pop()
        else:
            lines[-1] = lines[-1][: len(lines[-1]) - left]
            left = 0
    while not lines[-1].strip():
        lines.pop()
    assert not lines[-1].strip().startswith("body"), "cut the whole body"
    (issue / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _set_photo_columns(issue: Path, file: str, columns: int) -> None:
    path = issue / "issue.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index(f"file: {file}")
    end = text.index("\n", at)
    text = text[:end + 1] + f"        columns: {columns}\n" + text[end + 1:]
    path.write_text(text, encoding="utf-8")


@needs_engine
def test_an_issue_that_does_not_fit_exits_1_writes_nothing_and_its_moves_are_true(tmp_path):
    issue = _overset_issue(tmp_path / "issues", 1200)
    out = tmp_path / "out"
    done = run_layout("build", issue, "--out", out, "--no-preview")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert not list(out.glob("*/*.pdf"))
    head = re.search(r"issue\.yaml:(\d+):\d+: article '([\w-]+)' does not fit on page 2: (\d+) line\(s\) over, about (\d+) characters",
                     done.stderr)
    assert head, done.stderr
    fitting = re.findall(r"note: (.+): fits$", done.stderr, re.MULTILINE)
    assert fitting, done.stderr
    applied = 0
    for n, move in enumerate(fitting):
        trial = _overset_issue(tmp_path / f"try{n}", 1200)
        if cut := re.fullmatch(r"cut ~(\d+) characters", move):
            _cut_last_body(trial, int(cut.group(1)))
        elif photo := re.fullmatch(r"photo '([^']+)' to (\d+) column\(s\)", move):
            _set_photo_columns(trial, photo.group(1), int(photo.group(2)))
        else:
            continue
        applied += 1
        check = run_layout("check", trial)
        assert check.returncode == 0, f"{move}: {check.stderr}"
    assert applied, fitting


@needs_engine
def test_a_draft_is_written_beside_the_last_build_and_leaves_it_as_it_was(tmp_path):
    """qa3 finding 10a: a draft over a good build replaced its proof, so the
    manifest's proof hash no longer matched and the print file beside it was
    not the proof's.  The draft has a name of its own; the set stays whole."""
    import json

    import pdfplumber
    import pypdfium2

    from layout.check.typography import audit_pdf
    from layout.check.typography.read import chars_of
    from layout.digest import sha256_file

    root = tmp_path / "issues"
    issue = _overset_issue(root, 500)
    out = tmp_path / "out"
    first = run_layout("build", issue, "--out", out, "--no-preview")
    assert first.returncode == 0, first.stderr
    folder = out / issue.name
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    issue = _overset_issue(tmp_path / "longer", 1200)
    draft = run_layout("build", "--draft", issue, "--out", out)
    assert draft.returncode == 1, draft.stderr
    over = re.search(r"does not fit on page 2: (\d+) line\(s\) over", draft.stderr)
    assert over, draft.stderr
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    (name,) = set(after) - set(before)  # the draft, and no print file: it is never written from a draft
    assert name.endswith("-draft.pdf") and f"wrote {folder / name}" in draft.stdout
    assert all(after[n] == before[n] for n in before)  # the last build's set as it was
    manifest = json.loads(after["manifest.json"])
    for n, entry in manifest["outputs"].items():
        assert entry["sha256"] == sha256_file(folder / n)
    doc = pypdfium2.PdfDocument(str(folder / name))
    try:
        text = doc[1].get_textpage().get_text_range()
    finally:
        doc.close()
    assert f"超版{over.group(1)}行" in re.sub(r"\s", "", text)  # the tag is there to see
    # … and marked as no part of the content: the audit reads no character of it
    with pdfplumber.open(str(folder / name)) as pdf:
        page = pdf.pages[1]
        assert "超版" in "".join(c["text"] for c in page.chars)
        assert "超" not in "".join(c.t for c in chars_of(page))
    assert not any("超版" in v.text for v in audit_pdf(folder / name).violations)
    assert not list(out.glob(".build-*")) and not list(out.glob(".draft-*"))


@needs_engine
def test_a_page_with_room_gets_one_line_not_one_per_column(tmp_path):
    from tools.issuegen import ArticleSpec, IssueSpec, PhotoSpec, write_issue

    spec = IssueSpec([ArticleSpec(1, 3000, [PhotoSpec("landscape")]), ArticleSpec(1, 1500),
                      ArticleSpec(2, 1500), ArticleSpec(2, 700)], pages=2)
    issue = write_issue(tmp_path / "issues" / "2025-08", spec, seed=1)
    done = run_layout("check", issue)
    assert done.returncode == 0, done.stderr
    room = re.findall(r"warning: page (\d+): (\d+) % white, room for about (\d+) characters", done.stderr)
    assert [page for page, _, _ in room] == ["2"], done.stderr
    assert 10 <= int(room[0][1]) <= 60 and int(room[0][2]) >= 500
    assert "empty line" not in done.stderr and "of the type area is empty" not in done.stderr


def test_a_draft_of_an_issue_that_fits_writes_the_proof_alone(small_issue, tmp_path):
    issue = small_issue(pages=2)
    out = tmp_path / "out"
    done = run_layout("build", "--draft", issue, "--out", out)
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in (out / issue.name).iterdir())
    assert len(files) == 1 and files[0].endswith("-draft.pdf"), files
    assert "draft proof only" in done.stdout and "超版" not in done.stderr


def test_the_draft_tag_format_is_checked_at_load(tmp_path):
    from conftest import write_small_issue

    issue = write_small_issue(tmp_path / "issues", pages=2, theme_text="""\
        schema: 1
        draft:
          note_format: "超版 {count} 行"
        """)
    done = run_layout("check", issue)
    assert done.returncode == 2, done.stderr
    assert re.search(r"test-theme\.yaml:3:\d+: '超版 \{count\} 行' is not a format with only \{lines\}", done.stderr), done.stderr


@dataclass(frozen=True)
class Ph:
    article_id: str
    file: str
    page: int
    columns: int
    width_mm: float
    height_mm: float
    crop: tuple[float, float, float, float]
    ppi: float
    scaled: bool
    narrowed: bool


def test_a_photos_placed_size_crop_and_resolution(kit):
    """Two columns wide, 5 % cut off each side of its width: the report says
    so in columns, mm, per-side % and ppi, with the make-up's note."""
    from layout.facts.units import MM
    from layout.model.document import Image, Origin, Text
    from layout.pages.display import Picture
    from layout.report import placed_photos

    grid = kit.grid
    img = Image(Path("/x/p.jpg"), Text("images/p.jpg", Origin.at("issue.yaml", 9, 15)), None, None, None, (3000, 2000))
    art = make_article("lead", images=(img,))
    w = grid.span(2)
    pic = Picture(50.0, 60.0, w, w / 1.35, img.path, (0.05, 0.0, 0.95, 1.0), "images/p.jpg")
    [entry] = placed_photos([Page(3, [pic])], FakeIssue(art), grid, {},  # type: ignore[arg-type]
                            [Ph("lead", "images/p.jpg", 3, 2, 0, 0, (0.05, 0, 0.05, 0), 0, False, True)])
    assert (entry.page, entry.file, entry.columns) == (3, "images/p.jpg", 2)
    assert entry.size_mm == (round(w / MM, 1), round(w / 1.35 / MM, 1))
    assert entry.crop == (5.0, 0.0, 5.0, 0.0)
    assert entry.ppi == pytest.approx(min(2700 / (w / 72), 2000 / (w / 1.35 / 72)), abs=0.1)
    assert entry.note == "narrowed for its resolution"


def test_a_photo_too_small_to_print_stops_the_build_but_not_the_draft(small_issue, tmp_path):
    """The print build refuses a photo under the theme's least ppi, saying
    how many pixels its size needs; the draft, where the designer looks at
    the pages, sets it with that warning."""
    issue = small_issue(pages=2, photo_px=(120, 80))
    out = tmp_path / "out"
    done = run_layout("build", issue, "--out", out, "--no-preview")
    assert done.returncode != 0 and not (out / issue.name).exists(), done.stderr
    assert re.search(r"photo 'images/photo\.jpg' is \d+ ppi .*\(it has 120×80 pixels; at least \d+×\d+ for this size", done.stderr), done.stderr
    draft = run_layout("build", "--draft", issue, "--out", out)
    assert draft.returncode == 0, draft.stderr
    assert re.search(r"warning: photo 'images/photo\.jpg' is \d+ ppi .*; the print build refuses it", draft.stderr), draft.stderr
    assert [p.name.endswith("-draft.pdf") for p in (out / issue.name).iterdir()] == [True]
