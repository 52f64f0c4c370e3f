"""A store is read with the base IRI it was built with.

Why: every slug, filter and route is relative to the base. Reading a store built under another
base with the default one printed full IRIs where slugs belong and called known provinces
unknown, silently. Now every reader (the CLI's read commands, the Python API, the server)
takes the store's own base; a base the user asked for (option or environment) that is not the
store's is a clear error; and a running server does not follow a rebuild under another base.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from pathlib import Path

import pytest
from conftest import sample_extraction, write_store

from api.app import create_app
from api.builds import BuildHolder
from graph.cli import build_parser, run
from graph.config import DEFAULT_BASE_IRI, ENV_BASE_IRI, Settings, settings
from graph.knowledge_graph import KnowledgeGraph
from graph.store import StoreError

OTHER = "http://127.0.0.1:8080/id/"


@pytest.fixture
def other_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(ENV_BASE_IRI, raising=False)
    path = tmp_path / "store"
    write_store(path, [sample_extraction()], base_iri=OTHER)
    return path


def povkg(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = run(build_parser(), list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_settings_say_whether_the_base_was_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_BASE_IRI, raising=False)
    assert not settings().base_given and settings().base_iri == DEFAULT_BASE_IRI
    assert settings(base_iri=OTHER).base_given
    monkeypatch.setenv(ENV_BASE_IRI, OTHER)
    assert settings().base_given and settings().base_iri == OTHER


def test_measurements_read_the_store_with_its_own_base(
    other_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = povkg(capsys, "measurements", "--store", str(other_store), "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows
    for row in rows:
        assert row["iri"].startswith(OTHER) and row["area_iri"].startswith(OTHER)
        assert "/" not in row["unit"] and "/" not in row["status"], "codes are slugs, not IRIs"
    status, out, _ = povkg(
        capsys, "measurements", "--store", str(other_store), "--province", "bac-kan"
    )
    assert status == 0 and out.strip(), "a province slug resolves under the store's base"


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_base_asked_for_that_is_not_the_stores_is_refused(
    other_store: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    argv = ["measurements", "--store", str(other_store)]
    if how == "option":
        argv += ["--base-iri", DEFAULT_BASE_IRI]
    else:
        monkeypatch.setenv(ENV_BASE_IRI, DEFAULT_BASE_IRI)
    status, out, err = povkg(capsys, *argv)
    assert status == 1 and not out
    assert f"was built with base IRI {OTHER}; pass --base-iri {OTHER}" in err
    assert len(err.strip().splitlines()) == 1


def test_validating_the_store_uses_its_base(
    other_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # (the hand-made sample need not conform: only the base is in question here)
    _, _, err = povkg(capsys, "validate", "--store", str(other_store), "--base-iri", OTHER)
    refused, _, err_default = povkg(
        capsys, "validate", "--store", str(other_store), "--base-iri", DEFAULT_BASE_IRI
    )
    assert refused == 1 and "was built with base IRI" in err_default
    assert "was built with base IRI" not in err


def test_the_python_api_opens_a_store_with_its_base(other_store: Path) -> None:
    kg = KnowledgeGraph.open(other_store)
    assert kg.minter.base == OTHER
    assert kg.province("bac-kan").iri == OTHER + "province/bac-kan"
    assert KnowledgeGraph.open(other_store, base_iri=OTHER).minter.base == OTHER
    with pytest.raises(StoreError, match="was built with base IRI"):
        KnowledgeGraph.open(other_store, base_iri=DEFAULT_BASE_IRI)


def test_the_server_serves_the_stores_base_unless_told_otherwise(other_store: Path) -> None:
    app = create_app(Settings(store=other_store, base_iri=DEFAULT_BASE_IRI, base_given=False))
    assert app.state.settings.base_iri == OTHER
    assert app.state.builds.base_iri == OTHER
    with pytest.raises(StoreError, match="was built with base IRI"):
        create_app(Settings(store=other_store, base_iri=DEFAULT_BASE_IRI, base_given=True))


def test_the_server_does_not_follow_a_rebuild_under_another_base(
    other_store: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        holder = BuildHolder(other_store)
        first = holder.current
        write_store(other_store, [sample_extraction()], base_iri=DEFAULT_BASE_IRI)
        with caplog.at_level(logging.ERROR, logger="povkg.store"):
            served = await holder.refresh()
        assert served is first and holder.base_iri == OTHER
        assert "was built with base IRI" in caplog.text
        await holder.close()

    asyncio.run(scenario())
