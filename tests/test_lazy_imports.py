"""``povkg serve`` starts without rdflib, Jinja2, pyshacl or the extraction pipeline: they load
when something first needs them. The rdflib-free stand-ins the server uses instead must say
exactly what the rdflib-based originals say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import namespace as rdflib_namespaces
from server import ROOT

from graph.measurement_query import decimal_text
from graph.namespaces import PREFIXES
from graph.prefixes import PREFIX_IRIS
from graph.rdf import decimal_lexical

NOT_AT_START = ("rdflib", "jinja2", "pyshacl", "graph.extract", "graph.build", "graph.validate")
NOT_AT_START += ("graph.rdf", "graph.namespaces", "graph.void", "graph.reference")

START = """
import json, sys
from api import serve
from graph import cli
cli.build_parser(extra_commands=[serve.register])  # what `povkg serve` does first
from api.sparql.execute import start_forkserver
import uvicorn
from api.app import create_app
from graph.config import Settings
create_app(Settings(store=sys.argv[1], base_iri="https://w3id.org/povkg/id/"))
print(json.dumps(sorted(sys.modules)))
"""


def test_the_serve_path_starts_without_the_heavy_modules(sample_store: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", START, str(sample_store)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert "fastapi" in loaded and "api.builds" in loaded  # the check sees the real start-up
    early = sorted(m for m in loaded if any(m == n or m.startswith(n + ".") for n in NOT_AT_START))
    assert early == []


RDFLIB_NAMES = {
    "qb": "QB", "skos": "SKOS", "prov": "PROV", "dcterms": "DCTERMS", "dcat": "DCAT",
    "void": "VOID", "schema": "SDO", "foaf": "FOAF", "org": "ORG", "owl": "OWL", "rdf": "RDF",
    "rdfs": "RDFS", "xsd": "XSD", "time": "TIME",
}  # fmt: skip


def test_the_one_prefix_table_agrees_with_rdflib() -> None:
    """The standard namespaces of ``graph.prefixes`` are the ones rdflib (and everyone) uses,
    and ``graph.namespaces`` wraps that same table."""
    for prefix, name in RDFLIB_NAMES.items():
        assert PREFIX_IRIS[prefix] == str(getattr(rdflib_namespaces, name)), prefix
    assert {p: str(ns) for p, ns in PREFIXES.items()} == PREFIX_IRIS


@pytest.mark.parametrize(
    "value",
    ["0", "28484", "28484.0", "3.47", "0.970", "2.5", "1.174E+12", "68.7e9", "0.0001", "-3.91",
     "1E-7", "100", "+7", "007.50"],
)  # fmt: skip
def test_stored_numbers_are_written_like_rdf_decimals(value: str) -> None:
    """The server writes numbers without rdflib, exactly as the RDF builder writes them."""
    assert decimal_text(value) == decimal_lexical(Decimal(value))
    assert decimal_text(Decimal(value)) == decimal_lexical(Decimal(value))


def test_stored_numbers_that_are_no_numbers_stay_as_they_are() -> None:
    assert decimal_text("n/a") == "n/a" and decimal_text("NaN") == "NaN"
    for value in (Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(ValueError, match="finite"):
            decimal_text(value)
