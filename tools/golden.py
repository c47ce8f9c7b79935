"""The golden pin of the sample's output: ``tests/golden/<issue>.json``
holds the SHA-256 of the sample's proof and print PDFs and the hash of each
page (what it shows).  ``tests/test_golden.py`` fails when a build differs.

    .venv/bin/python -m tools.golden           # compare, say which pages moved
    .venv/bin/python -m tools.golden --write   # rewrite the pin (make golden)

The rule (README, "Reproducible builds"): a change that alters the sample's
bytes rewrites the pin in the same commit; one that would make old issues
come out different also raises the version in layout/__init__.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_DIR = ROOT / "tests" / "golden"
SAMPLE = ROOT / "issues" / "2025-06"


def golden_path(issue: Path) -> Path:
    return GOLDEN_DIR / f"{issue.name}.json"


def record(issue: Path, out_dir: Path) -> dict[str, Any]:
    """The pin of a build of ``issue`` in ``out_dir`` (its manifest's outputs)."""
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    return {
        "issue": issue.name,
        "files": {entry["kind"]: {"sha256": entry["sha256"], "pages": entry["pages"]}
                  for entry in manifest["outputs"].values()},
    }


def build_record(issue: Path) -> dict[str, Any]:
    """Build ``issue`` (no SOURCE_DATE_EPOCH, no previews) and pin it."""
    from layout.build import build_issue

    with tempfile.TemporaryDirectory(prefix="layout-golden-") as tmp:
        result = build_issue(issue, Path(tmp), previews=False, env={})
        return record(issue, result.out_dir)


def differences(pinned: dict[str, Any], built: dict[str, Any]) -> list[str]:
    """What differs between the pin and a build, in words."""
    from layout.verify import changed_pages

    out = []
    for kind in sorted(set(pinned["files"]) | set(built["files"])):
        old, new = pinned["files"].get(kind), built["files"].get(kind)
        if old is None or new is None:
            out.append(f"{kind}: {'not pinned' if old is None else 'not built'}")
        elif old["sha256"] != new["sha256"]:
            pages = changed_pages(old["pages"], new["pages"])
            out.append(f"{kind}: {new['sha256']} (pinned {old['sha256'][:12]}…); "
                       + (f"pages that look different: {', '.join(map(str, pages))}" if pages else "no page looks different"))
    return out


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="rewrite the pin from a fresh build")
    parser.add_argument("issue", nargs="?", type=Path, default=SAMPLE)
    args = parser.parse_args(argv)
    built = build_record(args.issue)
    path = golden_path(args.issue)
    if args.write:
        write(path, built)
        for kind, entry in sorted(built["files"].items()):
            print(f"{kind} {entry['sha256']}")
        print(f"wrote {path.relative_to(ROOT)}: commit it with the change that moved the bytes")
        return 0
    if not path.is_file():
        print(f"{path.relative_to(ROOT)} is missing: make golden", file=sys.stderr)
        return 1
    diffs = differences(json.loads(path.read_text(encoding="utf-8")), built)
    for line in diffs:
        print(line)
    print("matches the pin" if not diffs else "differs from the pin: make golden, and commit the pin with the change")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
