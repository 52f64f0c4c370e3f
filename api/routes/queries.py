"""Running the routes' queries: fixed SPARQL text, user input bound as RDF terms.

Values reach a query only through ``substitutions=`` (pyoxigraph's SEP-0007 binding), never by
formatting request text into a query; povkg's prefixes are passed to the engine with each query.
(The measurement listing, ``graph.measurement_query``, writes its checked filter IRIs in a
``VALUES`` row instead: see there why.) Labels are read from the store's indexes.
"""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox

from api.routes.models import Labels, Ref
from graph import labels as graph_labels
from graph.iris import Minter
from graph.prefixes import PREFIX_IRIS


def select(
    store: ox.Store, query: str, **bindings: ox.NamedNode | ox.Literal
) -> list[ox.QuerySolution]:
    """Run a SELECT over the union of the store's graphs with ``bindings`` substituted.

    SEP-0007 requires each bound variable to be projected by the SELECT.
    """
    substitutions = {ox.Variable(name): term for name, term in bindings.items()}
    return list(
        store.query(
            query,
            use_default_graph_as_union=True,
            prefixes=PREFIX_IRIS,
            substitutions=substitutions,
        )
    )


def value(solution: ox.QuerySolution, name: str) -> str | None:
    term = solution[name]
    return None if term is None else term.value


def count(solutions: list[ox.QuerySolution], name: str = "n") -> int:
    """The number a ``COUNT`` query found (``0`` when it gave no row at all)."""
    return int(solutions[0][name].value) if solutions else 0


def date_of(text: str | None) -> date | None:
    """An ``xsd:date`` lexical form as a date; ``None`` if absent or not a date."""
    try:
        return None if text is None else date.fromisoformat(text)
    except ValueError:
        return None


class Labeller:
    """Turns IRIs into ``Ref``s: ``rdfs:label`` first (it names a project's number), then
    ``skos:prefLabel``."""

    def __init__(self, store: ox.Store, minter: Minter) -> None:
        self.minter = minter
        self.labels = graph_labels.Labels(store, graph_labels.LABEL_FIRST)

    def ref(self, iri: str) -> Ref:
        found = self.labels.of(iri)
        label = Labels(vi=found.get("vi"), en=found.get("en"))
        return Ref(iri=iri, slug=self.slug(iri), label=label)

    def maybe(self, iri: str | None) -> Ref | None:
        return None if iri is None else self.ref(iri)

    def slug(self, iri: str) -> str:
        """``province/bac-ninh`` -> ``bac-ninh``; an IRI outside the base stays whole."""
        path = self.minter.path_of(iri)
        if path is None:
            return iri
        return path.split("/", 1)[1] if "/" in path else path
