"""The two dates of a build, kept apart.

* The **publication date** is the issue's cover date (``date:`` in
  issue.yaml), the day in Shanghai: ``2025-06-20T00:00:00+08:00``.  It is the
  document's date (XMP ``dc:date``, ``prism:coverDate``,
  ``prism:publicationDate``) and never depends on the build.
* The **build timestamp** fills the fields that say when the file was made
  (Info ``CreationDate``/``ModDate``, XMP ``xmp:CreateDate``/``ModifyDate``/
  ``MetadataDate``).  It is ``SOURCE_DATE_EPOCH`` when that is set (the
  reproducible-builds convention), written in +08:00 like every date of the
  publication, else the publication date.  Its source is recorded in the
  manifest so that ``layout verify`` rebuilds with the same value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import Diagnostic, InputError
from .facts.dates import EPOCH_VAR, SHANGHAI

__all__ = ["EPOCH_VAR", "SHANGHAI", "BuildDates", "build_dates", "epoch_of", "parse_epoch"]


@dataclass(frozen=True)
class BuildDates:
    publication: dt.datetime
    built: dt.datetime
    source_date_epoch: int | None  # None: the build timestamp is the publication date

    def to_dict(self) -> dict[str, Any]:
        return {
            "publication": self.publication.isoformat(),
            "built": self.built.isoformat(),
            "built_from": f"{EPOCH_VAR}={self.source_date_epoch}" if self.source_date_epoch is not None else "issue date",
            "source_date_epoch": self.source_date_epoch,
        }


def parse_epoch(value: str | None) -> int | None:
    """``SOURCE_DATE_EPOCH`` as seconds; None when unset or empty."""
    if value is None or not value.strip():
        return None
    try:
        return int(value.strip())
    except ValueError:
        raise InputError(Diagnostic(EPOCH_VAR, None, None,
                                    f"'{value}' is not a whole number of seconds since 1970; unset it or give e.g. 1750348800")) from None


def build_dates(date: dt.date, env: Mapping[str, str]) -> BuildDates:
    """The dates of a build of an issue dated ``date`` in environment ``env``."""
    publication = dt.datetime.combine(date, dt.time(0, 0), tzinfo=SHANGHAI)
    epoch = parse_epoch(env.get(EPOCH_VAR))
    built = publication if epoch is None else dt.datetime.fromtimestamp(epoch, tz=SHANGHAI)
    return BuildDates(publication, built, epoch)


def epoch_of(manifest_dates: Mapping[str, Any]) -> int | None:
    """The ``SOURCE_DATE_EPOCH`` a recorded build used (None: none)."""
    value = manifest_dates.get("source_date_epoch")
    return value if isinstance(value, int) and not isinstance(value, bool) else None
