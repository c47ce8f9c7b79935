"""The golden pin: the sample's PDFs are the bytes pinned in
tests/golden/2025-06.json.  A change that alters them on purpose rewrites
the pin in the same commit (``make golden``), and raises the version when
old issues would come out different (README, "Reproducible builds")."""

from __future__ import annotations

import json

from conftest import SAMPLE
from tools.golden import differences, golden_path, record


def test_the_sample_builds_to_the_pinned_bytes(sample):
    pinned = json.loads(golden_path(SAMPLE).read_text(encoding="utf-8"))
    built = record(SAMPLE, sample.out_dir)
    diffs = differences(pinned, built)
    assert not diffs, "the sample's output moved: " + "; ".join(diffs) + " — if on purpose, run `make golden` and commit the pin"


def test_a_moved_page_is_named():
    pinned = {"files": {"proof": {"sha256": "a" * 64, "pages": ["1", "2", "3"]}}}
    built = {"files": {"proof": {"sha256": "b" * 64, "pages": ["1", "x", "3"]}}}
    assert differences(pinned, built) == [f"proof: {'b' * 64} (pinned aaaaaaaaaaaa…); pages that look different: 2"]
    assert differences(pinned, pinned) == []
