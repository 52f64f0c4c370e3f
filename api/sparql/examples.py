"""Example researcher queries shown on the endpoint's HTML page, written for the povkg graph.

Data IRIs move with the configured base, so each query declares prefixes for the kinds of thing it
names (``indicator:``, ``status:``, ``province:``) under that base: the text a user copies works
on this server and in any other SPARQL tool pointed at it.
"""

from __future__ import annotations

from dataclasses import dataclass

VOCABULARY_PREFIXES = (
    ("pov", "https://w3id.org/povkg/ontology#"),
    ("sdmx-dimension", "http://purl.org/linked-data/sdmx/2009/dimension#"),
    ("sdmx-attribute", "http://purl.org/linked-data/sdmx/2009/attribute#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("prov", "http://www.w3.org/ns/prov#"),
)
DATA_PREFIXES = ("indicator", "status", "province")


@dataclass(frozen=True)
class Example:
    key: str
    title_vi: str
    title_en: str
    description: str
    body: str
    """The query after its prologue."""

    def query(self, base_iri: str) -> str:
        """The full query text, with prefixes for the vocabulary and for data under the base."""
        lines = [f"PREFIX {name}: <{iri}>" for name, iri in VOCABULARY_PREFIXES]
        lines += [f"PREFIX {kind}: <{base_iri}{kind}/>" for kind in DATA_PREFIXES]
        return "\n".join(lines) + "\n\n" + self.body.strip() + "\n"


EXAMPLES: tuple[Example, ...] = (
    Example(
        key="poverty-rate-by-province-and-year",
        title_vi="Tỷ lệ hộ nghèo theo tỉnh và năm",
        title_en="Poor-household rate by province and year",
        description=(
            "Every actual poverty rate reported for a province (not its districts or communes) "
            "in a single year, with the article it comes from: where two sources disagree, both "
            "figures are listed."
        ),
        body="""
SELECT ?province ?year ?rate ?source WHERE {
  ?m pov:indicator indicator:poverty-rate ;
     pov:status status:actual ;
     sdmx-dimension:refArea ?area ;
     sdmx-dimension:refPeriod ?period ;
     pov:value ?rate ;
     prov:wasDerivedFrom ?source .
  ?area a pov:Province ; rdfs:label ?province .
  FILTER(lang(?province) = "vi")
  ?period pov:startYear ?year ; pov:endYear ?year .
}
ORDER BY ?province ?year ?rate
""",
    ),
    Example(
        key="province-measurements-with-quotes",
        title_vi="Số liệu của một tỉnh kèm trích dẫn nguồn",
        title_en="A province's measurements with their quotes",
        description=(
            "Everything the graph says about Bắc Kạn and the districts and communes inside it, "
            "each figure with the exact words it was read from and their position in the article."
        ),
        body="""
SELECT ?area ?indicator ?value ?unit ?quote ?start ?end ?source WHERE {
  ?place pov:partOf* province:bac-kan ; rdfs:label ?area .
  FILTER(lang(?area) = "vi")
  ?m sdmx-dimension:refArea ?place ;
     pov:indicator/skos:prefLabel ?indicator ;
     pov:value ?value ;
     sdmx-attribute:unitMeasure/skos:prefLabel ?unit ;
     prov:wasDerivedFrom ?source ;
     pov:evidence/oa:hasTarget/oa:hasSelector ?quoteSelector, ?positionSelector .
  FILTER(lang(?indicator) = "en" && lang(?unit) = "en")
  ?quoteSelector oa:exact ?quote .
  ?positionSelector oa:start ?start ; oa:end ?end .
}
ORDER BY ?source ?start
""",
    ),
    Example(
        key="targets-versus-actuals",
        title_vi="Chỉ tiêu so với thực hiện",
        title_en="Targets versus actuals",
        description=(
            "Each target set for an area beside the actual figures reported for the same area "
            "and indicator, with their years (a target without any actual figure yet is listed "
            "alone)."
        ),
        body="""
SELECT ?area ?indicator ?targetYear ?target ?actualYear ?actual WHERE {
  ?t pov:status status:target ;
     pov:indicator ?i ;
     sdmx-dimension:refArea ?place ;
     pov:value ?target .
  OPTIONAL { ?t sdmx-dimension:refPeriod/pov:endYear ?targetYear }
  OPTIONAL {
    ?a pov:status status:actual ;
       pov:indicator ?i ;
       sdmx-dimension:refArea ?place ;
       pov:value ?actual .
    OPTIONAL { ?a sdmx-dimension:refPeriod/pov:endYear ?actualYear }
  }
  ?place rdfs:label ?area .
  ?i skos:prefLabel ?indicator .
  FILTER(lang(?area) = "vi" && lang(?indicator) = "en")
}
ORDER BY ?area ?indicator ?targetYear ?actualYear
""",
    ),
)
