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
from server import ROOT

from api.routes.render import number
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


def test_the_plain_prefix_table_is_the_rdflib_one() -> None:
    assert list(PREFIX_IRIS.items()) == [(p, str(ns)) for p, ns in PREFIXES.items()]


@pytest.mark.parametrize(
    "value", [0, 28484, 28484.0, 3.47, 0.97, 2.5, 1.174e12, 68.7e9, 0.0001, -3.91, 1e-7, 100]
)
def test_route_numbers_are_written_like_rdf_decimals(value: float | int) -> None:
    expected = decimal_lexical(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
    assert number(value) == expected


def test_route_numbers_refuse_what_is_not_a_number() -> None:
    for value in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="finite"):
            number(value)
