"""Evidence nodes: quotes with context, offsets, and every stored quote found at its offsets."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode, Variable
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph.facts import Span
from graph.namespaces import OA, POV
from graph.provenance import CONTEXT_CHARS, Evidence, ProvenanceError, add_evidence, quote_context
from graph.store import open_read_only

TEXT = "Năm 2021, toàn tỉnh Bắc Ninh có 28.484 hộ nghèo, chiếm 3,47%. " * 2


def test_context_is_the_text_around_the_quote() -> None:
    start = TEXT.index("28.484 hộ nghèo")
    context = quote_context(TEXT, Span(start, start + 15, "28.484 hộ nghèo"))
    assert context.exact == "28.484 hộ nghèo"
    assert context.prefix == TEXT[start - len(context.prefix) : start]
    assert len(context.prefix) == min(CONTEXT_CHARS, start)
    assert context.suffix == TEXT[start + 15 : start + 15 + CONTEXT_CHARS]


def test_context_at_the_edges_of_the_text_is_shorter() -> None:
    first = quote_context(TEXT, Span(0, 8, "Năm 2021"))
    assert first.prefix == ""
    end = len(TEXT)
    last = quote_context(TEXT, Span(end - 7, end, "3,47%. "))
    assert last.suffix == ""


@pytest.mark.parametrize(
    ("span", "message"),
    [
        (Span(0, 8, "Năm 2022"), "is not at 0-8"),
        (Span(1, 9, "Năm 2021"), "is not at 1-9"),
        (Span(-1, 7, "Năm 202"), "outside the document text"),
        (Span(5, 5, ""), "outside the document text"),
        (Span(len(TEXT) - 2, len(TEXT) + 3, "x"), "outside the document text"),
    ],
)
def test_a_span_that_does_not_match_the_text_is_refused(span: Span, message: str) -> None:
    with pytest.raises(ProvenanceError, match=message):
        quote_context(TEXT, span)


def test_evidence_nodes_link_measurement_to_document_with_both_selectors() -> None:
    graph = Graph()
    m = URIRef("https://example.org/measurement/doc/32-47")
    doc = URIRef("https://example.org/document/doc")
    start = TEXT.index("28.484")
    evidence = add_evidence(graph, m, doc, TEXT, Span(start, start + 15, "28.484 hộ nghèo"))
    assert evidence == Evidence.of(m)
    assert str(evidence.annotation) == f"{m}/evidence"
    assert str(evidence.quote) == f"{m}/evidence/quote"
    assert (evidence.annotation, RDF.type, OA.Annotation) in graph
    assert (evidence.annotation, OA.hasBody, m) in graph
    assert (evidence.annotation, OA.motivatedBy, OA.describing) in graph
    assert (evidence.annotation, OA.hasTarget, evidence.target) in graph
    assert (evidence.target, OA.hasSource, doc) in graph
    assert set(graph.objects(evidence.target, OA.hasSelector)) == {
        evidence.quote,
        evidence.position,
    }
    assert graph.value(evidence.quote, OA.exact) == Literal("28.484 hộ nghèo")
    assert graph.value(evidence.position, OA.start).toPython() == start
    assert graph.value(evidence.position, OA.end).toPython() == start + 15
    for node in (evidence.annotation, evidence.target, evidence.quote, evidence.position):
        assert {label.language for label in graph.objects(node, RDFS.label)} == {"vi", "en"}


def test_no_evidence_is_written_for_a_wrong_span() -> None:
    graph = Graph()
    with pytest.raises(ProvenanceError):
        add_evidence(graph, URIRef("https://e/m"), URIRef("https://e/d"), TEXT, Span(0, 3, "abc"))
    assert len(graph) == 0


_EVIDENCE = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX pov: <https://w3id.org/povkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?m ?text ?exact ?prefix ?suffix ?start ?end ?source ?doc WHERE {
  ?m a pov:Measurement ; prov:wasDerivedFrom ?doc ; pov:evidence ?a .
  ?a oa:hasBody ?m ; oa:hasTarget ?t .
  ?t oa:hasSource ?source ; oa:hasSelector ?q, ?p .
  ?q a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?source pov:text ?text .
}
"""


def test_every_fact_of_the_seeds_is_found_at_its_offsets(seeds_store) -> None:
    store = open_read_only(seeds_store.path)
    rows = list(store.query(_EVIDENCE, use_default_graph_as_union=True))
    count = next(
        iter(
            store.query(
                "SELECT ?c (COUNT(?m) AS ?n) WHERE { ?m a ?c } GROUP BY ?c",
                use_default_graph_as_union=True,
                substitutions={Variable("c"): NamedNode(str(POV.Measurement))},
            )
        )
    )["n"]
    assert len(rows) == int(count.value) > 50  # every measurement has exactly one evidence row
    for row in rows:
        text, start, end = row["text"].value, int(row["start"].value), int(row["end"].value)
        assert text[start:end] == row["exact"].value, row["m"]
        assert text[:start].endswith(row["prefix"].value), row["m"]
        assert text[end:].startswith(row["suffix"].value), row["m"]
        assert row["source"] == row["doc"]
