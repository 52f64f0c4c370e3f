"""The README's Python examples run as written and print what their comments say.

Why: the README is where a user starts; an example that raises is a broken feature. Only the
example's store path or server URL is changed (to the seeds store built once per session, or a
real server on a free loopback port serving it), and each line the README shows as output
(``# text`` right after the code) must be among the lines the example prints.
"""

from __future__ import annotations

import ast
import contextlib
import io
import itertools
import re
import shlex
from pathlib import Path

import pytest
from conftest import BuiltStore
from server import run_server

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks(mentioning: str) -> list[str]:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    return [b for b in blocks if mentioning in b]


def run_block(block: str) -> list[str]:
    """Run one example; return the lines it printed, after checking the ones the README shows."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    for line in shown_output(block):
        assert line in printed, f"README shows {line!r}; the example printed {printed[:5]}"
    for line in re.findall(r"^print\(.*\)\s+#\s+(.+)$", block, re.MULTILINE):
        assert line in printed, f"README shows {line!r}; the example printed {printed[:5]}"
    return printed


def shown_output(block: str) -> list[str]:
    """The comment lines that show output: ``# text`` right after the code, not ``# ...``."""
    lines = block.splitlines()
    shown = []
    for before, line in itertools.pairwise(lines):
        if line.startswith("# ") and line != "# ..." and not before.startswith("#"):
            shown.append(line[2:])
    return shown


def test_the_readme_has_both_python_examples() -> None:
    assert python_blocks("KnowledgeGraph.open"), "README.md has no Python API example"
    assert python_blocks("SPARQLWrapper("), "README.md has no SPARQL client example"


def test_the_python_api_example(seeds_store: BuiltStore) -> None:
    for block in python_blocks("KnowledgeGraph.open"):
        run_block(block.replace('"data/store"', repr(str(seeds_store.path))))


def test_the_sparql_client_example(seeds_store: BuiltStore, tmp_path: Path) -> None:
    with run_server(seeds_store.path, tmp_path) as server:
        for block in python_blocks("SPARQLWrapper("):
            code = block.replace("http://127.0.0.1:8000/sparql", server.sparql)
            bindings = ast.literal_eval(run_block(code)[0])
            assert len(bindings) == 5
            assert all({"s", "label"} <= row.keys() for row in bindings)
            assert all(
                row["s"]["value"].startswith(seeds_store.settings.base_iri) for row in bindings
            )


def console_sessions() -> list[tuple[str, list[str]]]:
    """Each ``$ povkg ...`` line of the README's console blocks with the output shown under it."""
    text = README.read_text(encoding="utf-8")
    sessions: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                sessions.append((line[2:], []))
            elif sessions:
                sessions[-1][1].append(line)
    return sessions


def test_the_console_examples_print_what_the_readme_shows(
    seeds_store: BuiltStore, capsys: pytest.CaptureFixture[str]
) -> None:
    from graph.cli import build_parser, run

    sessions = console_sessions()
    assert sessions, "README.md has no console example"
    for command, shown in sessions:
        argv = shlex.split(command)
        assert argv[0] == "povkg", command
        status = run(build_parser(), [*argv[1:], "--store", str(seeds_store.path)])
        out, err = capsys.readouterr()
        assert status == 0, f"{command}: {err}"
        if shown:
            assert out.splitlines() == shown, command
        else:
            assert out.strip(), f"{command} printed nothing"
