"""Format strings of the theme filled from an issue: ``{title}``, ``{number}``,
``{year}年{month}月{day}日``, ``{weekday}``, ``{page}`` …"""

from __future__ import annotations

import datetime as dt
import re

from .document import Issue

WEEKDAYS = "一二三四五六日"


def date_fields(date: dt.date) -> dict[str, object]:
    return {
        "date": date,
        "year": date.year,
        "month": date.month,
        "day": date.day,
        "weekday": "星期" + WEEKDAYS[date.weekday()],
    }


def fill_format(fmt: str, issue: Issue, page: int | None = None) -> str:
    fields = date_fields(issue.date)
    fields.update(
        title=issue.publication.title.value,
        number=issue.number,
        serial=issue.serial if issue.serial is not None else "",
        page=page if page is not None else "",
    )
    return fmt.format(**fields)


# the fields each kind of theme format string may use (docs: layout/themes/tabloid.yaml)
ISSUE_FIELDS = ("title", "number", "serial", "page", "date", "year", "month", "day", "weekday")
PAGE_FIELDS = ("page",)
MAX_SPEC = 12  # characters of a format spec, e.g. "02d" or "%Y.%m": no width that fills the memory


def format_problem(fmt: str, allowed: tuple[str, ...]) -> str | None:
    """What is wrong with the theme format string ``fmt`` that may use the
    fields ``allowed``, or None.  Attribute and index access
    (``{0.__class__}``, ``{title[0]}``), positional fields and long format
    specs are refused; the string is tried with the values it will meet
    (the serial and the page may be empty)."""
    import string

    fields = ", ".join("{" + f + "}" for f in allowed)
    try:
        parts = list(string.Formatter().parse(fmt))
    except ValueError as exc:
        return f"is not a valid format string ({exc}); write a literal brace as {{{{ or }}}}, fields as {fields}"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed:
            bare = name.split(".")[0].split("[")[0]
            if bare in allowed:
                return f"'{{{name}}}': only the field itself may be used, without '.' or '[…]'; use {{{bare}}}"
            return f"'{{{name}}}' is not a field here; the fields are {fields}"
        if conversion is not None:
            return f"'{{{name}!{conversion}}}': conversions are not allowed; use {{{name}}}"
        if spec and ("{" in spec or len(spec) > MAX_SPEC or re.search(r"\d{4,}", spec)):
            return (f"the format spec of {{{name}}} may be at most {MAX_SPEC} characters, with no nested field "
                    "and no width over 999")
    sample = date_fields(dt.date(2025, 6, 1))
    sample.update(title="标题", number=1, serial=1, page=1)
    for empty in ((), ("serial", "page")):
        values = dict(sample, **dict.fromkeys(empty, ""))
        try:
            fmt.format(**values)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            return f"cannot be filled ({exc}); the fields are {fields}, without a format spec that does not suit them"
    return None
