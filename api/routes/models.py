"""Response models of the convenience routes (pydantic), so OpenAPI documents each with examples.

Keys are chosen so that the JSON-LD form is the same JSON plus a ``@context`` (api.routes.render):
``iri`` is the node's ``@id`` and ``label`` a language map.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

DECIMAL_NOTE = (
    "An exact decimal number, given as a JSON string holding its plain decimal numeral "
    '(`"28484"`, `"3.47"`, `"1174000000000"`: the `xsd:decimal` stored in the graph, no '
    "exponent, no trailing `.0`), so that no digit is lost to floating point."
)


class Labels(BaseModel):
    vi: str | None = Field(None, examples=["Bắc Ninh"])
    en: str | None = Field(None, examples=["Bac Ninh"])


class Ref(BaseModel):
    """A link to another resource of the graph."""

    iri: str = Field(examples=["https://w3id.org/povkg/id/province/bac-ninh"])
    slug: str = Field(examples=["bac-ninh"])
    label: Labels


class HistoryLink(Ref):
    """A province before or after the 2025 merger, with its validity."""

    valid_from: date | None = Field(None, examples=[None])
    valid_to: date | None = Field(None, examples=["2025-06-30"])


class Province(Ref):
    administrative_code: str | None = Field(None, examples=["27"])
    valid_from: date | None = Field(None, examples=["2025-07-01"])
    valid_to: date | None = Field(None, examples=[None])


class ProvinceDetail(Province):
    part_of: Ref | None = None
    predecessors: list[HistoryLink] = Field(default_factory=list)
    successors: list[HistoryLink] = Field(default_factory=list)
    subdivisions: list[Ref] = Field(default_factory=list, description="districts and communes")
    measurement_count: int = Field(examples=[12])


class Project(Ref):
    number: int | None = Field(None, examples=[5])
    parent: Ref | None = Field(None, description="the project a sub-project belongs to")
    in_program: list[Ref] = Field(default_factory=list)


class Program(Ref):
    projects: list[Ref] = Field(default_factory=list)


class ProgramDetail(Program):
    legal_basis: list[Ref] = Field(default_factory=list)
    predecessors: list[Ref] = Field(default_factory=list)
    successors: list[Ref] = Field(default_factory=list)
    measurement_count: int = 0


class Dimension(Ref):
    indicators: list[Ref] = Field(default_factory=list, description="deprivation indicators")


class Indicator(Ref):
    default_unit: Ref | None = None
    definition: str | None = Field(None, examples=["Number of poor households."])
    measurement_count: int = 0


class Measurement(BaseModel):
    """One measurement with its provenance: the quote at ``start``-``end`` of ``document``."""

    iri: str = Field(examples=["https://w3id.org/povkg/id/measurement/000-a1a3ac5b4d469efe/72-87"])
    label: Labels
    document: Ref
    file_name: str = Field(examples=["000_a1a3ac5b4d469efe.txt"])
    start: int = Field(examples=[72])
    end: int = Field(examples=[87])
    quote: str = Field(examples=["28.484 hộ nghèo"])
    area: Ref
    indicator: Ref
    value: str = Field(description=DECIMAL_NOTE, examples=["28484"])
    value_max: str | None = Field(
        None, description="Upper bound of a range. " + DECIMAL_NOTE, examples=["2.5"]
    )
    unit: Ref
    qualifier: Ref | None = None
    out_of: str | None = Field(
        None, description='Denominator of "106/108". ' + DECIMAL_NOTE, examples=["108"]
    )
    period: Ref | None = None
    status: Ref
    dimension: Ref | None = None
    project: Ref | None = None
    program: Ref | None = None
    population_group: Ref | None = None
    funding_source: Ref | None = None
    rule: str = Field(examples=["count-households"])


class MeasurementPage(BaseModel):
    items: list[Measurement]
    total: int = Field(examples=[97])
    limit: int = Field(examples=[100])
    offset: int = Field(examples=[0])
    next: str | None = Field(None, examples=["/measurements?limit=100&offset=100"])


class Document(Ref):
    file_name: str = Field(examples=["000_a1a3ac5b4d469efe.txt"])
    title: str | None = None
    issued: date | None = Field(None, examples=["2025-12-04"])
    subjects: list[Ref] = Field(default_factory=list, description="provinces it is about")
    measurement_count: int = Field(examples=[25])


class DocumentDetail(Document):
    text: str
    measurements: list[Measurement]


class SearchHit(Ref):
    types: list[str] = Field(examples=[["https://w3id.org/povkg/ontology#Province"]])
    matched: str = Field(
        description="the label (or, for a slug typed as a query, the slug) that matched",
        examples=["Bắc Kạn"],
    )


class SearchResults(BaseModel):
    query: str = Field(examples=["bac kan"])
    hits: list[SearchHit]
    total: int = Field(description="how many things match in all", examples=[9])
    limit: int = Field(examples=[20])
    offset: int = Field(examples=[0])
    next: str | None = Field(None, examples=["/search?q=bac&offset=20"])
