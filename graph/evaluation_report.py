"""The evaluation report as text, for people (``str(report)``, ``python -m graph.evaluation``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.evaluation import Row, slug

if TYPE_CHECKING:
    from graph.evaluation import EvaluationReport


def _describe(row: Row) -> str:
    unit = slug(row.get("unit"))
    what = row.get("indicator") or ""
    return (
        f"{row.get('document', '?')}:{row.get('start', '?')}-{row.get('end', '?')} "
        f"{row.get('quote', '')!r} = {row.get('value', '')} {unit} [{slug(what) or what}]"
    )


def _percent(x: float) -> str:
    return f"{100 * x:6.2f}%"


def render(report: EvaluationReport) -> str:
    o = report.overall
    lines = [
        f"Extraction vs gold: {o.matched} of {o.gold} gold rows matched; {o.predicted} predicted",
        f"  recall    {_percent(o.recall)}  ({o.matched}/{o.gold})",
        f"  precision {_percent(o.precision)}  ({o.matched}/{o.predicted})",
        f"  F1        {_percent(o.f1)}",
        "",
        "Per document:",
        f"  {'document':<28} {'gold':>5} {'pred':>5} {'match':>5} "
        f"{'recall':>8} {'precision':>9} {'F1':>8}",
    ]
    for name, c in report.per_document.items():
        lines.append(
            f"  {name:<28} {c.gold:>5} {c.predicted:>5} {c.matched:>5} "
            f"{_percent(c.recall):>8} {_percent(c.precision):>9} {_percent(c.f1):>8}"
        )
    lines += ["", f"Agreement over the {len(report.matched)} matched pairs:"]
    for attribute, (agree, compared) in report.agreement.items():
        lines.append(f"  {attribute:<10} {agree:>4}/{compared:<4} {_percent(agree / compared)}")
    lines += ["", f"Misses (gold rows no prediction matches): {len(report.misses)}"]
    lines += [f"  {_describe(r)}" for r in report.misses]
    lines += ["", f"Spurious (predicted rows matching no gold row): {len(report.spurious)}"]
    lines += [f"  {_describe(r)}" for r in report.spurious]
    lines += ["", f"Disagreements on matched pairs: {len(report.disagreements)}"]
    for d in report.disagreements:
        lines.append(
            f"  {d.attribute:<10} {_describe(d.pair.gold)}: "
            f"gold {d.gold_value!r}, predicted {d.predicted_value!r}"
        )
    if report.problems:
        lines += ["", f"Unreadable predicted rows: {len(report.problems)}"]
        lines += [f"  {p}" for p in report.problems]
    return "\n".join(lines)
