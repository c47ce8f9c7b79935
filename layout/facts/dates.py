"""Dates: the publication's time zone and the reproducible-builds variable."""

import datetime as dt

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
"""Every date of the publication is written with the +08:00 of Shanghai."""

EPOCH_VAR = "SOURCE_DATE_EPOCH"
"""The reproducible-builds convention's variable (reproducible-builds.org):
seconds since 1970 to stamp a build with."""
