"""The lexicons and code lists are consistent data: every pattern compiles, every concept a
rule can give is in its code list, and every concept of a code list is well described."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from graph.config import DEFAULT_BASE_IRI
from graph.extract.codelists import concepts, indicators
from graph.extract.lexicon import load
from graph.namespaces import POV

LEXICONS = ["numbers", "documents", "units", "indicators", "context", "time", "entities"]
RESOLVERS = {"purpose", "coverage", "subject", "activity"}


def codelist(name: str) -> Graph:
    graph = Graph()
    graph.parse(
        data=resources.files("ontology").joinpath(f"codelists/{name}.ttl").read_text("utf-8"),
        format="turtle",
    )
    return graph


def reference_paths() -> set[str]:
    graph = Graph()
    for name in ("program", "dimensions"):
        source = resources.files("ontology").joinpath(f"reference/{name}.ttl")
        graph.parse(data=source.read_text("utf-8"), format="turtle")
    return {
        str(s)[len(DEFAULT_BASE_IRI) :]
        for s in graph.subjects()
        if str(s).startswith(DEFAULT_BASE_IRI)
    }


def strings(value: object):
    """Every string in a parsed TOML value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


@pytest.mark.parametrize("name", LEXICONS)
def test_every_pattern_compiles(name: str) -> None:
    """Patterns, words and label templates alike must be valid regular expressions."""
    values = list(strings(load(name)))
    assert values
    for value in values:
        re.compile(value)


def test_rules_give_known_indicators_units_and_groups() -> None:
    known_indicators = set(indicators())
    units = concepts("units")
    groups = concepts("population-groups")
    classes = {n["class"] for n in load("units")["noun"]}
    for rule in load("indicators")["rule"]:
        assert ("indicator" in rule) != ("by" in rule), rule["name"]
        if "indicator" in rule:
            assert rule["indicator"] in known_indicators, rule["name"]
        else:
            assert rule["by"] in RESOLVERS, rule["name"]
        if "unit" in rule:
            assert f"unit/{rule['unit']}" in units, rule["name"]
        assert set(rule.get("classes", ())) <= classes, rule["name"]
        assert set(rule.get("kinds", ())) <= {
            "count",
            "percent",
            "percentage-point",
            "money",
            "money-rate",
        }
        group = rule.get("group")
        assert group in (None, "noun", "subject") or group in groups, rule["name"]


def test_context_tables_name_known_concepts() -> None:
    ctx = load("context")
    known_indicators = set(indicators())
    targets = reference_paths()
    for table in ("purpose", "coverage", "household_subject", "activity", "zero"):
        for entry in ctx[table]:
            for key in ("indicator", "beneficiaries"):
                if key in entry:
                    assert entry[key] in known_indicators, (table, entry)
            for key in ("project", "dimension"):
                if key in entry:
                    assert entry[key] in targets, (table, entry)
    assert ctx["default_purpose"]["beneficiaries"] in known_indicators
    assert {e["group"] for e in ctx["group"]} <= concepts("population-groups")
    assert {e["source"] for e in ctx["funding_source"]} <= concepts("funding-sources")
    assert {f"unit/{e['unit']}" for e in ctx["zero"]} <= concepts("units")
    assert {f"unit/{n['unit']}" for n in load("units")["noun"]} <= concepts("units")


def test_time_lexicon_names_the_program_of_the_reference_data() -> None:
    time = load("time")
    targets = reference_paths()
    assert time["program"] in targets and time["successor_program"] in targets
    assert {p["kind"] for p in time["period"]} <= {
        "as_of",
        "since_now",
        "range",
        "year",
        "since",
        "start",
        "end",
        "this_year",
        "current",
        "range_start",
        "range_end",
        "date",
        "year_to_date",
        "year_so_far",
    }
    known = set(indicators())
    assert set(time["stated_facts"]) <= known
    assert set(time["named_period_indicators"]) <= known


SCHEMES = {
    "indicators": (POV.Indicator, "scheme/indicators"),
    "units": (POV.Unit, "scheme/units"),
    "statuses": (POV.Status, "scheme/statuses"),
    "qualifiers": (POV.Qualifier, "scheme/qualifiers"),
    "population-groups": (POV.PopulationGroup, "scheme/population-groups"),
    "funding-sources": (POV.FundingSource, "scheme/funding-sources"),
}


@pytest.mark.parametrize("name", list(SCHEMES))
def test_code_list_concepts_are_described(name: str) -> None:
    cls, scheme = SCHEMES[name]
    graph = codelist(name)
    scheme_iri = URIRef(DEFAULT_BASE_IRI + scheme)
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in graph
    members = set(graph.subjects(RDF.type, cls))
    assert members and members == set(graph.subjects(RDF.type, SKOS.Concept))
    for concept in members:
        assert (concept, SKOS.inScheme, scheme_iri) in graph
        for predicate in (SKOS.prefLabel,):
            languages = {
                o.language for o in graph.objects(concept, predicate) if isinstance(o, Literal)
            }
            assert {"vi", "en"} <= languages, concept
        definitions = [o for o in graph.objects(concept, SKOS.definition) if isinstance(o, Literal)]
        assert any(d.language == "en" and len(d) > 10 for d in definitions), concept


def test_indicators_have_a_default_unit_and_known_links() -> None:
    units = concepts("units")
    targets = reference_paths()
    for info in indicators().values():
        assert info.default_unit in units, info.path
        for link in (info.dimension, info.project, info.deprivation_indicator):
            assert link is None or link in targets, (info.path, link)


def test_statuses_and_qualifiers_match_the_fact_contract() -> None:
    from typing import get_args

    from graph.facts import Qualifier, Status

    assert concepts("statuses") == {f"status/{s}" for s in get_args(Status)}
    assert concepts("qualifiers") == {f"qualifier/{q}" for q in get_args(Qualifier)}


def test_every_indicator_is_reachable_from_some_rule_or_table() -> None:
    """No dead concepts: each indicator is given by a rule or a context table."""
    given = {r["indicator"] for r in load("indicators")["rule"] if "indicator" in r}
    ctx = load("context")
    for table in ("purpose", "coverage", "household_subject", "activity", "zero"):
        given |= {e.get("indicator") or e.get("beneficiaries") for e in ctx[table]}
    given.add(ctx["default_purpose"]["beneficiaries"])
    assert set(indicators()) - given == set()
