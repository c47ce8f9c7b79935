"""Format strings of the theme filled from an issue: ``{title}``, ``{number}``,
``{year}年{month}月{day}日``, ``{weekday}``, ``{page}`` …"""

from __future__ import annotations

import datetime as dt

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
