"""The ICC profile header (ICC.1, clause 7.2): the first 128 bytes of a
profile say its size, version, device class and colour space.  Read by the
PDF/X labeller (the profile it embeds) and the preflight (R2: the profile a
file carries)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IccHeader:
    size: int
    version: str  # e.g. "2.2" or "4.3"
    device_class: str  # 'prtr', 'mntr', 'scnr', 'spac', ...
    colour_space: str  # 'CMYK', 'RGB', 'GRAY', ...
    pcs: str  # 'Lab' or 'XYZ'
    signature_ok: bool  # bytes 36..40 == 'acsp'


def read_icc_header(data: bytes) -> IccHeader | None:
    """Parse the 128-byte ICC profile header, or None if it is not one."""
    if len(data) < 128:
        return None

    def tag(a: int, b: int) -> str:
        return data[a:b].decode("latin-1").strip(" \x00")

    return IccHeader(
        size=int.from_bytes(data[0:4], "big"),
        version=f"{data[8]}.{data[9] >> 4}",
        device_class=tag(12, 16),
        colour_space=tag(16, 20),
        pcs=tag(20, 24),
        signature_ok=data[36:40] == b"acsp",
    )
