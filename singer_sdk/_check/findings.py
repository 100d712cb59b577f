"""Findings: what the checker reports, one line each."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

__all__ = ["ERROR", "INFO", "WARNING", "Finding", "Report"]

ERROR = "error"
WARNING = "warning"
INFO = "info"
_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem.

    Attributes:
        severity: ``error`` (a spec violation), ``warning`` (a doubtful practice) or ``info``.
        rule: A stable rule id, e.g. ``record-invalid``.
        stream: The stream concerned, or None.
        message: What was found, with the record index and field where they apply.
    """

    severity: str
    rule: str
    stream: str | None
    message: str

    def line(self) -> str:
        """Return ``<severity> <rule> <stream>: <message>`` (``-`` for no stream)."""
        return f"{self.severity} {self.rule} {self.stream or '-'}: {self.message}"


@dataclass
class Report:
    """The findings of one check, with per-(rule, stream) caps to keep the output readable.

    Attributes:
        findings: The findings kept, in the order found.
        suppressed: How many findings were dropped by the cap, per (rule, stream).
        runs: How many times the executable was run.
        messages: How many messages were read in all.
    """

    per_rule_limit: int = 5
    findings: list[Finding] = field(default_factory=list)
    suppressed: dict[tuple[str, str | None], int] = field(default_factory=dict)
    runs: int = 0
    messages: int = 0
    _counts: dict[tuple[str, str | None], int] = field(default_factory=dict)

    def add(self, severity: str, rule: str, stream: str | None, message: str) -> None:
        """Record a finding (beyond ``per_rule_limit`` per rule and stream, only count it)."""
        key = (rule, stream)
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        if count > self.per_rule_limit:
            self.suppressed[key] = self.suppressed.get(key, 0) + 1
            return
        self.findings.append(Finding(severity, rule, stream, message))

    def count(self, severity: str) -> int:
        """How many findings of ``severity`` were found (suppressed ones included).

        Returns:
            The count.
        """
        kept = {(f.rule, f.stream): f.severity for f in self.findings}
        return sum(1 for f in self.findings if f.severity == severity) + sum(
            n for key, n in self.suppressed.items() if kept.get(key) == severity
        )

    def rules(self) -> set[str]:
        """The rule ids found.

        Returns:
            A set of rule ids.
        """
        return {finding.rule for finding in self.findings}

    def lines(self) -> t.Iterator[str]:
        """Yield the output: one line per finding, suppression notes, then the summary."""
        for finding in sorted(self.findings, key=lambda f: _ORDER.get(f.severity, 3)):
            yield finding.line()
        for (rule, stream), number in self.suppressed.items():
            yield f"info {rule} {stream or '-'}: {number} more like this not shown"
        errors, warnings = self.count(ERROR), self.count(WARNING)
        verdict = "FAILED" if errors else "passed"
        yield (
            f"singer-sdk-check {verdict}: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)} "
            f"({self.runs} run{'s' * (self.runs != 1)}, {self.messages} messages)"
        )
