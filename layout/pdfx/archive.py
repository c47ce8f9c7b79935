"""What makes a PDF an archive copy of an issue, for both files: the
issue's identity in XMP (Dublin Core and PRISM: title, publication,
publisher, issue number, serial, cover date, language), one bookmark per
article pointing at the page it starts on, and page labels (第1版 …).

The XMP lines are spliced into the packet :func:`layout.pdfx.label.build_xmp`
writes; :func:`add_navigation` edits an open pikepdf document.  Nothing here
reads a clock: the same issue gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pikepdf

from ..model.document import Issue
from ..model.formats import fill_format
from ..pages.display import Page

NS_PRISM = "http://prismstandard.org/namespaces/basic/3.0/"


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int  # 1-based page of the PDF


@dataclass(frozen=True)
class ArchiveInfo:
    """The issue's identity and navigation, as the PDFs carry them."""

    publication: str  # the newsletter's name (prism:publicationName)
    publisher: str
    number: int  # 第N期 (prism:number)
    serial: int | None  # 总第N期 (prism:issueIdentifier)
    cover_date: dt.date  # the issue's date (prism:coverDate)
    published: dt.datetime  # the publication date, +08:00 (dc:date, prism:publicationDate)
    lang: str
    bookmarks: tuple[Bookmark, ...]
    page_labels: tuple[str, ...]  # one per page of the file it is applied to

    def for_pages(self, labels: Sequence[str]) -> ArchiveInfo:
        """The same identity with another file's page labels."""
        return ArchiveInfo(self.publication, self.publisher, self.number, self.serial, self.cover_date,
                           self.published, self.lang, self.bookmarks, tuple(labels))


def xmp_lines(info: ArchiveInfo, esc: Callable[[str], str], date: Callable[[dt.datetime], str]) -> list[str]:
    """The Dublin Core and PRISM properties of ``info`` (inside the packet's
    rdf:Description; ``esc`` escapes XML text, ``date`` writes an XMP date)."""
    lines = [
        "   <dc:publisher>",
        "    <rdf:Bag>",
        f"     <rdf:li>{esc(info.publisher)}</rdf:li>",
        "    </rdf:Bag>",
        "   </dc:publisher>",
        "   <dc:language>",
        "    <rdf:Bag>",
        f"     <rdf:li>{esc(info.lang)}</rdf:li>",
        "    </rdf:Bag>",
        "   </dc:language>",
        "   <dc:date>",
        "    <rdf:Seq>",
        f"     <rdf:li>{date(info.published)}</rdf:li>",
        "    </rdf:Seq>",
        "   </dc:date>",
        f"   <prism:publicationName>{esc(info.publication)}</prism:publicationName>",
        f"   <prism:number>{info.number}</prism:number>",
        f"   <prism:coverDate>{info.cover_date.isoformat()}</prism:coverDate>",
        f"   <prism:publicationDate>{date(info.published)}</prism:publicationDate>",
        f"   <prism:pageCount>{len(info.page_labels)}</prism:pageCount>",
    ]
    if info.serial is not None:
        lines.append(f"   <prism:issueIdentifier>{info.serial}</prism:issueIdentifier>")
    return lines


def add_navigation(pdf: pikepdf.Pdf, info: ArchiveInfo) -> None:
    """Bookmarks (one per article, at the top of its first page) and page
    labels, replacing any the file had."""
    if len(info.page_labels) != len(pdf.pages):
        raise ValueError(f"{len(info.page_labels)} page labels for a PDF of {len(pdf.pages)} pages")
    nums: list[object] = []
    for index, label in enumerate(info.page_labels):
        nums += [index, pikepdf.Dictionary(P=pikepdf.String(label))]
    pdf.Root.PageLabels = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    if "/Outlines" in pdf.Root:
        del pdf.Root["/Outlines"]
    with pdf.open_outline() as outline:
        outline.root.clear()
        for mark in info.bookmarks:
            if not 1 <= mark.page <= len(pdf.pages):
                raise ValueError(f"bookmark {mark.title!r} points at page {mark.page} of {len(pdf.pages)}")
            outline.root.append(pikepdf.OutlineItem(mark.title, mark.page - 1))
    if info.bookmarks:
        pdf.Root.PageMode = pikepdf.Name.UseOutlines


def page_labels(issue: Issue, pages: Sequence[Page], label: str, blank_label: str) -> tuple[str, ...]:
    """One label per page: ``label`` filled with the page number (第1版), a
    blank page added for print ``blank_label`` with its number."""
    return tuple(fill_format(blank_label if page.blank else label, issue, page.number) for page in pages)


def archive_info(issue: Issue, pages: Sequence[Page], labels: Sequence[str], published: dt.datetime,
                 lang: str) -> ArchiveInfo:
    """The issue's identity; a bookmark per article at the page where it
    starts, in the order the pages show them."""
    titles = {a.id: a.title.value for a in issue.articles}
    first: dict[str, int] = {}
    for page in pages:
        for pl in page.placements:
            if pl.id in titles:
                first.setdefault(pl.id, page.number)
    bookmarks = tuple(Bookmark(titles[aid], number) for aid, number in first.items())
    return ArchiveInfo(issue.publication.title.value, issue.publication.publisher.value, issue.number, issue.serial,
                       issue.date, published, lang, bookmarks, tuple(labels))
