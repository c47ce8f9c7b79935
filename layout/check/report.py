"""The report both checks give: one result per rule, as text and as JSON.

The preflight (R1–R14) and the typography audit (K1–H2) each return a
:class:`Report`: ``passed``, ``results`` (one :class:`RuleResult` per rule,
in rule order), ``result(rule)``, ``format()`` (the text written to
report.txt and printed by the CLI) and ``to_dict()`` (report.json, ``--json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_DETAILS = 40  # per rule; the rest is counted


@dataclass(frozen=True)
class Counts:
    """How many items a rule examined, found wrong, and could not judge."""

    failed: int
    checked: int
    unjudged: int = 0


@dataclass
class RuleResult:
    rule: str  # "R1" … "R14", "K1" … "H2"
    title: str  # short: "PDF/X identification"
    passed: bool
    details: list[str]  # what failed, where (page N, object, value) — or what was checked
    warnings: list[str] = field(default_factory=list)
    summary: str = ""  # the rest of the rule's line in the report
    counts: Counts | None = None  # for a check that counts what it examined

    @property
    def status(self) -> str:
        """PASS, FAIL, or "n/a " for a counting rule that had nothing to examine."""
        if not self.passed:
            return "FAIL"
        return "PASS" if self.counts is None or self.counts.checked else "n/a "

    def lines(self) -> list[str]:
        head = f"{self.rule:<4}{self.status}  {self.title}"
        if self.summary:
            head += f" — {self.summary}"
        return [head, *(f"      {d}" for d in self.details), *(f"      warning: {w}" for w in self.warnings)]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule,
            "title": self.title,
            "passed": self.passed,
            "summary": self.summary,
            "details": list(self.details),
            "warnings": list(self.warnings),
        }
        if self.counts is not None:
            d["counts"] = {"failed": self.counts.failed, "checked": self.counts.checked, "unjudged": self.counts.unjudged}
        return d


class Report:
    """A check's findings.  Subclasses give ``name``, ``path`` and ``results``
    and may add lines before and after the rules (``head()``, ``tail()``)."""

    name = "check"
    path: Any
    results: list[RuleResult]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failed_rules(self) -> list[str]:
        return [r.rule for r in self.results if not r.passed]

    def result(self, rule: str) -> RuleResult:
        for r in self.results:
            if r.rule == rule:
                return r
        raise KeyError(rule)

    def head(self) -> list[str]:
        return []

    def tail(self) -> list[str]:
        return []

    def format(self) -> str:
        lines = self.head()
        for r in self.results:
            lines.extend(r.lines())
        lines.extend(self.tail())
        failed = self.failed_rules
        lines.append(f"{self.name} passed" if not failed else f"{self.name} FAILED: {', '.join(failed)}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "passed": self.passed,
            "failed": self.failed_rules,
            "rules": [r.to_dict() for r in self.results],
        }


class Findings:
    """Collects one rule's findings; repeated findings (same key) are counted,
    and at most MAX_DETAILS are listed."""

    def __init__(self, rule: str, title: str) -> None:
        self.rule = rule
        self.title = title
        self.fails: dict[Any, list[Any]] = {}
        self.warns: dict[Any, list[Any]] = {}
        self.checked: list[str] = []
        self.summary = ""

    @staticmethod
    def _add(store: dict[Any, list[Any]], key: Any, msg: str) -> None:
        if key is None:
            key = msg
        if key in store:
            store[key][1] += 1
        else:
            store[key] = [msg, 1]

    def fail(self, msg: str, key: Any = None) -> None:
        self._add(self.fails, key, msg)

    def warn(self, msg: str, key: Any = None) -> None:
        self._add(self.warns, key, msg)

    @staticmethod
    def _render(store: dict[Any, list[Any]]) -> list[str]:
        out = [m if n == 1 else f"{m} (×{n})" for m, n in store.values()]
        if len(out) > MAX_DETAILS:
            extra = len(out) - MAX_DETAILS
            out = [*out[:MAX_DETAILS], f"… and {extra} more"]
        return out

    def result(self) -> RuleResult:
        passed = not self.fails
        details = self._render(self.fails) if self.fails else list(self.checked)
        summary = self.summary
        if not passed and not summary:
            n = sum(v[1] for v in self.fails.values())
            summary = f"{n} problem{'s' if n != 1 else ''}"
        return RuleResult(self.rule, self.title, passed, details, self._render(self.warns), summary)
