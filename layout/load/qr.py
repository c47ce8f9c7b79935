"""Whether the front page's QR code can hold ``wechat.url``.

A QR symbol holds at most 2,953 bytes (version 40, error correction L), less
at higher correction: about 2,900 ASCII or 1,000 Chinese characters.  Longer
text is refused at load, where it can be pointed at, not when the front page
is drawn.
"""

from __future__ import annotations

import qrcode
import qrcode.constants
from qrcode.exceptions import DataOverflowError

_EC = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
# bytes a version-40 symbol holds in byte mode, by error correction level
_MAX_BYTES = {"L": 2953, "M": 2331, "Q": 1663, "H": 1273}
_MAX_DIGITS = 7089  # digits only (numeric mode, level L): the most any symbol holds


def qr_capacity_problem(data: str, level: str) -> str | None:
    """None when ``data`` fits one QR symbol at correction ``level``; else
    what is wrong and what to do."""
    size = len(data.encode("utf-8"))
    if size <= _MAX_BYTES[level]:  # byte mode always fits: no need to try
        return None
    qr = qrcode.QRCode(error_correction=_EC[level])
    qr.add_data(data)
    try:
        if size > _MAX_DIGITS:
            raise DataOverflowError
        qr.best_fit()  # digits and capitals pack tighter than bytes
    except (DataOverflowError, ValueError):  # qrcode says "Invalid version (was 41 …)" for too much data
        return (f"the QR code cannot hold this text: it is {size:,} bytes, and a QR symbol at error correction "
                f"{level} holds at most {_MAX_BYTES[level]:,}; use a shorter URL")
    return None
