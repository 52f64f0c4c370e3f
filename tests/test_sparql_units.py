"""Unit tests of the endpoint's pure parts: the Accept parser and the SPARQL lexer."""

from __future__ import annotations

import pytest

from api.sparql.formats import GRAPH, TABULAR
from api.sparql.negotiation import (
    MediaRange,
    UnknownFormat,
    choose,
    negotiate,
    parse_accept,
)
from graph.sparql_tokens import analyse, tokenize


def test_parse_accept_reads_q_values_and_skips_garbage() -> None:
    ranges = parse_accept('text/turtle;q=0.5, application/ld+json ; profile="a,b", */*;q=0.1')
    assert ranges == [
        MediaRange("text", "turtle", 0.5),
        MediaRange("application", "ld+json", 1.0),
        MediaRange("*", "*", 0.1),
    ]
    assert parse_accept("text/csv;q=2, text/tsv;q=abc, nonsense, */csv, text/plain") == [
        MediaRange("text", "plain", 1.0)
    ]
    assert parse_accept(None) == parse_accept("  ") == [MediaRange("*", "*", 1.0)]
    assert parse_accept("*; q=.2") == []  # q=.2 is not a valid qvalue
    assert parse_accept("*; q=0.2") == [MediaRange("*", "*", 0.2)]
    assert parse_accept("TEXT/Turtle") == [MediaRange("text", "turtle", 1.0)]


@pytest.mark.parametrize(
    ("accept", "tabular", "graph"),
    [
        ("application/sparql-results+xml;q=0.9, application/sparql-results+json", "json", None),
        ("text/*;q=0.3, text/tab-separated-values;q=0.4", "tsv", "turtle"),
        ("text/*, text/csv;q=0", "tsv", "turtle"),
        ("application/n-triples;q=0.9, text/turtle;q=0.8", None, "ntriples"),
        ("application/n-triples, text/turtle", None, "turtle"),  # a tie: the server's order
        ("text/turtle;q=0, */*", "json", "ntriples"),
        ("application/xml", "xml", "rdfxml"),
        ("image/png", None, None),
        ("*/*;q=0", None, None),
    ],
)
def test_choose(accept: str, tabular: str | None, graph: str | None) -> None:
    ranges = parse_accept(accept)
    assert getattr(choose(ranges, TABULAR), "key", None) == tabular
    assert getattr(choose(ranges, GRAPH), "key", None) == graph


def test_format_parameter() -> None:
    choice = negotiate("text/csv", ["json"])
    assert (choice.tabular.key, choice.graph.key) == ("json", "jsonld")  # type: ignore[union-attr]
    choice = negotiate(None, ["csv"])
    assert choice.tabular is not None and choice.graph is None
    choice = negotiate(None, ["nonsense", "text/turtle"])
    assert choice.graph is not None and choice.graph.key == "turtle"
    with pytest.raises(UnknownFormat):
        negotiate(None, ["yaml"])
    assert negotiate("text/csv", ["  "]).tabular.key == "csv"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("query", "form", "service", "dataset", "deterministic"),
    [
        ("SELECT * { SERVICE <x> {} }", "SELECT", True, False, True),
        (
            "PREFIX s: <http://x/> BASE <http://b/> ask { ?s s:SERVICE 'SERVICE' }",
            "ASK",
            False,
            False,
            True,
        ),
        ("CONSTRUCT WHERE { ?s ?p ?o } # FROM <g>", "CONSTRUCT", False, False, True),
        ("DESCRIBE <x> FROM <g>", "DESCRIBE", False, True, True),
        ("SELECT (NOW() AS ?t) {}", "SELECT", False, False, False),
        ("SELECT (struuid() AS ?t) {}", "SELECT", False, False, False),
        ("SELECT ?rand { ?rand <urn:NOW> 'RAND()' }", "SELECT", False, False, True),
        ("PREFIX : <http://x/> INSERT DATA { :a :b :c }", "INSERT", False, False, True),
        ("with <g> delete { ?s ?p ?o } where { ?s ?p ?o }", "WITH", False, False, True),
        ("# CLEAR ALL\nSELECT * {}", "SELECT", False, False, True),
        ("", None, False, False, True),
    ],
)
def test_analyse(query: str, form: str, service: bool, dataset: bool, deterministic: bool) -> None:
    info = analyse(query)
    assert (info.form, info.uses_service, info.names_dataset, info.deterministic) == (
        form,
        service,
        dataset,
        deterministic,
    )
    assert info.is_update == (form in ("INSERT", "WITH"))


def test_tokenize_keeps_strings_iris_and_comments_whole() -> None:
    tokens = tokenize(
        'SELECT ?x <http://a#SERVICE> \'it\\\'s SERVICE\' """a""b\nSERVICE""" '
        '_:SERVICE ex:a.SERVICE ex:b. # SERVICE\n"x"@service'
    )
    assert [(t.kind, t.text) for t in tokens] == [
        ("word", "SELECT"),
        ("var", "?x"),
        ("iri", "<http://a#SERVICE>"),
        ("string", "'it\\'s SERVICE'"),
        ("string", '"""a""b\nSERVICE"""'),
        ("bnode", "_:SERVICE"),
        ("pname", "ex:a.SERVICE"),
        ("pname", "ex:b"),
        ("punct", "."),
        ("string", '"x"'),
        ("langtag", "@service"),
    ]


def test_unterminated_string_does_not_hide_later_keywords() -> None:
    # Not valid SPARQL (Oxigraph rejects it), but the lexer must not swallow the rest.
    assert analyse("SELECT * { ?s ?p 'open\nSERVICE <x> {} }").uses_service
    assert analyse('SELECT * { ?s ?p "open SERVICE <x> {} }').uses_service
