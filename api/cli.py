"""The ``povkg`` command: the graph commands of ``graph.cli`` plus ``serve``."""

from __future__ import annotations

from collections.abc import Sequence

from api import serve
from graph import cli as graph_cli


def main(argv: Sequence[str] | None = None) -> int:
    parser = graph_cli.build_parser(extra_commands=[serve.register])
    return graph_cli.run(parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
