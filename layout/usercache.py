"""The user's cache folder: ``$XDG_CACHE_HOME/layout``, default
``~/.cache/layout`` — never a shared folder such as /tmp, where another
user's file of the same name would be in the way (or be read)."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path | None:
    """The folder for caches kept between runs; None when the user has no
    home folder (then nothing is cached)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and os.path.isabs(base):  # the XDG spec: a relative path is ignored
        root = Path(base)
    else:
        try:
            root = Path.home() / ".cache"
        except (RuntimeError, KeyError):  # no HOME and no passwd entry
            return None
    return root / "layout"
