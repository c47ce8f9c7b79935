"""Shared fixtures: the sample issue built once per test session."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ISSUES = ROOT / "issues"
SAMPLE = ISSUES / "2025-06"


@dataclass
class Built:
    out_dir: Path
    proof: Path
    print: Path
    result: object


def _build(out: Path) -> Built:
    from layout.build import build_issue

    result = build_issue(SAMPLE, out, previews=False)
    proof = next(result.out_dir.glob("*-proof.pdf"))
    printed = next(result.out_dir.glob("*-print.pdf"))
    return Built(result.out_dir, proof, printed, result)


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Built:
    return _build(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def build_sample(tmp_path_factory):
    """Build the sample again into a fresh folder (for the determinism test)."""
    return lambda: _build(tmp_path_factory.mktemp("again"))


@pytest.fixture(scope="session")
def loaded_sample():
    from layout.load.loader import load_issue

    return load_issue(SAMPLE)


@pytest.fixture
def issue_copy(tmp_path) -> Path:
    """A writable copy of issues/ (publication.yaml + the sample issue)."""
    dst = tmp_path / "issues"
    shutil.copytree(ISSUES, dst, ignore=shutil.ignore_patterns("README.md"))
    return dst / SAMPLE.name
