"""The print file's page count: blank pages at the end up to a multiple of
the signature (``print.page_multiple``), with a warning saying so."""

from __future__ import annotations

from ..errors import Diagnostic, display_path
from ..model.document import Issue
from .display import Page


def pad_for_print(issue: Issue, pages: list[Page], multiple: int) -> tuple[list[Page], list[Diagnostic]]:
    """The pages of the print file and the warning about any blank ones added."""
    out = list(pages)
    if not len(out) % multiple:
        return out, []
    extra = multiple - len(out) % multiple
    first = len(out) + 1
    which = f"page {first}" if extra == 1 else f"pages {first}–{first + extra - 1}"
    warning = Diagnostic(display_path(issue.path), None, None,
                         f"the issue has {len(out)} pages; the print file gets blank {which} "
                         f"to make a multiple of {multiple}", "warning")
    out.extend(Page(n, blank=True) for n in range(first, first + extra))
    return out, [warning]
