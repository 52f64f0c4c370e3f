"""What extraction produces: plain, typed facts, before any RDF.

These dataclasses are the contract between the extraction pipeline (``graph.extract``) and the
RDF builder (``graph.rdf``). Everything that names a thing in the graph is an IRI *path* (see
``graph.iris``) such as ``province/bac-ninh`` or ``indicator/poor-households``; the builder turns
paths into IRIs under the configured base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

Status = Literal["actual", "target", "forecast"]
Qualifier = Literal["more-than", "at-least", "nearly", "about", "less-than", "at-most"]
EntityKind = Literal[
    "organisation",
    "person",
    "role",
    "legal-document",
    "campaign",
    "district",
    "commune",
    "town",
    "livelihood-model",
]


@dataclass(frozen=True)
class Span:
    """A quote and where it stands: ``document.text[start:end] == quote`` (code points)."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Period:
    """A reference period in whole years: ``Period(2024, 2024)`` or ``Period(2021, 2025)``."""

    start: int
    end: int

    @property
    def code(self) -> str:
        """``"2024"`` or ``"2021-2025"``: the CSV form and the IRI slug (``period/2021-2025``)."""
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


@dataclass(frozen=True)
class Document:
    """One source article, read and NFC-normalised; offsets index ``text``."""

    slug: str  # "000-a1a3ac5b4d469efe"; the document IRI path is "document/{slug}"
    file_name: str  # "000_a1a3ac5b4d469efe.txt"
    text: str
    sha256: str  # of the UTF-8 bytes of ``text``
    published: date | None = None  # never guessed: None when the article does not say
    title: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    provinces: tuple[str, ...] = ()  # area paths the article is about, e.g. ("province/bac-kan",)
    main_text: tuple[tuple[int, int], ...] = ()  # (start, end) ranges of the article proper
    path: Path | None = None


@dataclass(frozen=True)
class Measurement:
    """One quantitative statement: a value of an indicator for an area, period and status."""

    document: str  # document slug
    span: Span  # the exact quote holding the figure
    indicator: str  # "indicator/poor-households"
    value: Decimal  # normalised: 28.484 hộ -> 28484; 1.174 tỷ đồng -> 1174000000000 (VND)
    unit: str  # "unit/household", "unit/percent", "unit/percentage-point", "unit/vnd", ...
    area: str  # "province/bac-ninh", "district/bac-kan/na-ri", ...
    status: Status
    rule: str  # name of the extraction rule that produced the fact
    value_max: Decimal | None = None  # upper bound of a range ("từ 2% đến 2,5%")
    qualifier: Qualifier | None = None  # "hơn" -> more-than, "gần" -> nearly, ...
    out_of: Decimal | None = None  # denominator of "106/108 xã"
    period: Period | None = None  # None when the article gives no period
    dimension: str | None = None  # "dimension/housing"
    project: str | None = None  # "project/housing"
    program: str | None = None  # "program/sustainable-poverty-reduction-2021-2025"
    population_group: str | None = None  # "group/ethnic-minority-households"
    funding_source: str | None = None  # "funding-source/central-budget"


@dataclass(frozen=True)
class Entity:
    """A named thing worth a node: an organisation, person, plan, campaign, district..."""

    kind: EntityKind
    path: str  # "organisation/ubnd-tinh-bac-kan", "legal-document/121-kh-ubnd-bac-ninh", ...
    label_vi: str
    label_en: str
    span: Span | None = None  # its first mention in the document
    # Relations to other things, as (relation, path): relation is one of
    # "part-of" (administrative hierarchy), "issued-by" (document -> organisation),
    # "member" / "organisation" (role -> person / organisation), "area" (where it applies),
    # "project" (livelihood model -> project), "implements" (plan -> program).
    links: tuple[tuple[str, str], ...] = ()
    # Literal attributes, as (name, value): "identifier" ("121/KH-UBND"), "role-vi", "role-en".
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input, reported with its file and line; never fatal for others."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


@dataclass
class Extraction:
    """Everything the pipeline got out of one article."""

    document: Document
    measurements: list[Measurement] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
