"""Running the routes' queries: fixed SPARQL text, user input bound as RDF terms.

Values reach a query only through ``substitutions=`` (pyoxigraph's SEP-0007 binding) or through
``VALUES`` blocks written from ``pyoxigraph.NamedNode`` terms, whose ``str()`` is a validated,
escaped IRI: never by formatting user text into the query.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from api.routes.models import Labels, Ref
from graph.iris import Minter

PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX pov: <https://w3id.org/povkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
"""

_LABELS = (
    PREFIXES
    + """
SELECT ?x ?p ?label WHERE {
  VALUES ?x { %s }
  VALUES ?p { rdfs:label skos:prefLabel }
  ?x ?p ?label
}
"""
)


def select(
    store: ox.Store, query: str, **bindings: ox.NamedNode | ox.Literal
) -> list[ox.QuerySolution]:
    """Run a SELECT over the union of the store's graphs with ``bindings`` substituted.

    SEP-0007 requires each bound variable to be projected by the SELECT.
    """
    substitutions = {ox.Variable(name): term for name, term in bindings.items()}
    return list(
        store.query(PREFIXES + query, use_default_graph_as_union=True, substitutions=substitutions)
    )


def values_block(terms: Iterable[ox.NamedNode]) -> str:
    """The body of a ``VALUES`` block from RDF terms (their N-Triples form, never raw text)."""
    return " ".join(str(t) for t in terms if isinstance(t, ox.NamedNode))


def value(solution: ox.QuerySolution, name: str) -> str | None:
    term = solution[name]
    return None if term is None else term.value


class Labeller:
    """Turns IRIs into ``Ref``s, with labels fetched in one query per batch."""

    def __init__(self, store: ox.Store, minter: Minter) -> None:
        self.store = store
        self.minter = minter
        self.labels: dict[str, Labels] = {}

    def fetch(self, iris: Iterable[str | None]) -> None:
        wanted = sorted({i for i in iris if i and i not in self.labels})
        for start in range(0, len(wanted), 500):
            batch = [ox.NamedNode(i) for i in wanted[start : start + 500]]
            found: dict[str, dict[str, dict[str, str]]] = {}
            rows = self.store.query(_LABELS % values_block(batch), use_default_graph_as_union=True)
            for row in rows:
                label = row["label"]
                if isinstance(label, ox.Literal) and label.language:
                    by_property = found.setdefault(row["x"].value, {})
                    by_property.setdefault(row["p"].value, {}).setdefault(
                        label.language, label.value
                    )
            for node in batch:
                props = found.get(node.value, {})
                # rdfs:label first, skos:prefLabel where rdfs:label is missing
                merged: dict[str, str] = {}
                for prop in sorted(props, key=lambda p: not p.endswith("rdf-schema#label")):
                    for lang, text in props[prop].items():
                        merged.setdefault(lang, text)
                self.labels[node.value] = Labels(vi=merged.get("vi"), en=merged.get("en"))

    def ref(self, iri: str) -> Ref:
        if iri not in self.labels:
            self.fetch([iri])
        return Ref(iri=iri, slug=self.slug(iri), label=self.labels[iri])

    def maybe(self, iri: str | None) -> Ref | None:
        return None if iri is None else self.ref(iri)

    def slug(self, iri: str) -> str:
        """``province/bac-ninh`` -> ``bac-ninh``; an IRI outside the base stays whole."""
        path = self.minter.path_of(iri)
        if path is None:
            return iri
        return path.split("/", 1)[1] if "/" in path else path
