"""What ``graph.extract.classify`` says a figure counts: the record the pipeline turns into a
measurement (kept apart so that the rules that inherit a meaning can share it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Classification:
    indicator: str  # "indicator/poor-households"
    unit: str  # unit slug: "household"
    rule: str
    group: str | None = None
    funding_source: str | None = None
    project: str | None = None  # from the purpose of funding or support
    dimension: str | None = None
    purpose: str | None = None
    exact: bool = False  # a threshold: "trở xuống"/"trở lên" bound who is under it, not it
