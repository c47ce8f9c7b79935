"""Units of measure."""

MM = 72.0 / 25.4
"""PostScript points per millimetre."""

EM_ASCENT = 0.88
"""The ideographic em box sits 0.88 em above and 0.12 em below the baseline
in the Noto CJK / Source Han design (and near enough in the others)."""
