"""Labels of the things a listing links to, read straight from the store's indexes.

One reader for the measurement rows (``graph.table``), the Python API and the web routes. Which
label property wins when a thing has both is the caller's choice: the rows follow the RDF
builder (``skos:prefLabel``, as ``graph.rdf.Lookup`` does, so a row printed before publishing is
the row printed after); the web routes show ``rdfs:label`` first (for a project it names the
number too: "Project 5: ...").
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from graph.prefixes import RDFS_LABEL, SKOS_PREF_LABEL

PREFERRED_FIRST = (SKOS_PREF_LABEL, RDFS_LABEL)
LABEL_FIRST = (RDFS_LABEL, SKOS_PREF_LABEL)


class Labels:
    """IRI -> language -> label, each IRI read once (an index lookup per label property)."""

    def __init__(self, store: ox.Store, predicates: Sequence[str] = PREFERRED_FIRST) -> None:
        self.store = store
        self.predicates = tuple(ox.NamedNode(p) for p in predicates)
        self._cache: dict[str, dict[str, str]] = {}

    def of(self, iri: str) -> dict[str, str]:
        """The labels of ``iri`` by language: the first predicate with a label in a language
        wins; literals without a language are ignored."""
        found = self._cache.get(iri)
        if found is None:
            found = {}
            try:
                subject = ox.NamedNode(iri)
            except ValueError:  # not an IRI at all: nothing can be labelled by it
                subject = None
            if subject is not None:
                for predicate in self.predicates:
                    for quad in self.store.quads_for_pattern(subject, predicate, None):
                        term = quad.object
                        if isinstance(term, ox.Literal) and term.language:
                            found.setdefault(term.language, term.value)
            self._cache[iri] = found
        return found

    def get(self, iri: str, language: str) -> str | None:
        return self.of(iri).get(language)
