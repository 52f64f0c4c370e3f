"""The program and its parts: ``/programs``, ``/programs/{slug}``, ``/projects``,
``/dimensions`` (with their deprivation indicators) and ``/indicators``."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from api.builds import BuildHolder
from api.routes.models import Dimension, Indicator, Program, ProgramDetail, Project
from api.routes.params import lookup, slug_path
from api.routes.queries import Labeller, count, select, value
from api.routes.render import FORMATS_NOTE, render
from graph.config import VOCAB_IRI, Settings
from graph.iris import Minter

_PROGRAMS = """
SELECT ?p ?project WHERE {
  ?p a pov:Program . OPTIONAL { ?p pov:hasProject ?project }
} ORDER BY ?p ?project
"""
_PROGRAM_LINKS = """
SELECT DISTINCT ?p ?kind ?other WHERE {
  { ?p pov:hasProject ?other BIND("project" AS ?kind) }
  UNION { ?p pov:legalBasis ?other BIND("legal" AS ?kind) }
  UNION { { ?p pov:predecessor ?other } UNION { ?other pov:successor ?p }
          BIND("predecessor" AS ?kind) }
  UNION { { ?p pov:successor ?other } UNION { ?other pov:predecessor ?p }
          BIND("successor" AS ?kind) }
} ORDER BY ?kind ?other
"""
_PROGRAM_COUNT = "SELECT ?p (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m pov:program ?p } GROUP BY ?p"
_PROJECTS = """
SELECT ?p ?number ?parent ?program WHERE {
  ?p a pov:Project .
  OPTIONAL { ?p pov:projectNumber ?number }
  OPTIONAL { ?p pov:subProjectOf ?parent }
  OPTIONAL { ?program pov:hasProject ?p }
} ORDER BY ?p ?program
"""
_DIMENSIONS = """
SELECT ?d ?i WHERE {
  ?d a pov:DeprivationDimension .
  OPTIONAL { ?i skos:broader ?d ; a pov:DeprivationIndicator }
} ORDER BY ?d ?i
"""
_INDICATORS = """
SELECT ?i (SAMPLE(?u) AS ?unit) (SAMPLE(?def) AS ?definition) (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?i a pov:Indicator .
  OPTIONAL { ?i pov:defaultUnit ?u }
  OPTIONAL { ?i skos:definition ?def FILTER(langMatches(lang(?def), "en")) }
  OPTIONAL { ?m pov:indicator ?i }
} GROUP BY ?i ORDER BY ?i
"""


def _grouped(rows: list[ox.QuerySolution], key: str, member: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        members = groups[row[key].value]
        item = value(row, member)
        if item is not None and item not in members:
            members.append(item)
    return groups


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    api = APIRouter(tags=["program"])
    minter = Minter(settings.base_iri)

    @api.get(
        "/programs",
        summary="National target programs",
        description="The programs with their projects. " + FORMATS_NOTE,
        response_model=list[Program],
    )
    def programs(request: Request) -> Response:
        build = builds.of(request)
        store = build.store
        groups = _grouped(select(store, _PROGRAMS), "p", "project")
        labeller = Labeller(store, minter)
        result = [
            Program(**labeller.ref(p).model_dump(), projects=[labeller.ref(x) for x in projects])
            for p, projects in groups.items()
        ]
        return render(request, build.build_id, result)

    @api.get(
        "/programs/{slug}",
        summary="A program: projects, legal basis, predecessor and successor",
        description="Unknown slugs are 404. " + FORMATS_NOTE,
        response_model=ProgramDetail,
    )
    def program(
        request: Request,
        slug: str = slug_path("program", "sustainable-poverty-reduction-2021-2025"),
    ) -> Response:
        build = builds.of(request)
        store = build.store
        iri = lookup(store, minter, "program", slug, VOCAB_IRI + "Program")
        labeller = Labeller(store, minter)
        links: dict[str, list[str]] = defaultdict(list)
        for row in select(store, _PROGRAM_LINKS, p=iri):
            links[row["kind"].value].append(row["other"].value)
        detail = ProgramDetail(
            **labeller.ref(iri.value).model_dump(),
            projects=[labeller.ref(x) for x in links["project"]],
            legal_basis=[labeller.ref(x) for x in links["legal"]],
            predecessors=[labeller.ref(x) for x in links["predecessor"]],
            successors=[labeller.ref(x) for x in links["successor"]],
            measurement_count=count(select(store, _PROGRAM_COUNT, p=iri)),
        )
        return render(request, build.build_id, detail)

    @api.get(
        "/projects",
        summary="Projects and sub-projects",
        description="Numbered projects, their sub-projects and programs. " + FORMATS_NOTE,
        response_model=list[Project],
    )
    def projects(request: Request) -> Response:
        build = builds.of(request)
        store = build.store
        rows = select(store, _PROJECTS)
        labeller = Labeller(store, minter)
        in_program = _grouped(rows, "p", "program")
        first = {}
        for row in rows:
            first.setdefault(row["p"].value, row)
        result = []
        for p, row in first.items():
            number = value(row, "number")
            result.append(
                Project(
                    **labeller.ref(p).model_dump(),
                    number=int(number) if number and number.isdigit() else None,
                    parent=labeller.maybe(value(row, "parent")),
                    in_program=[labeller.ref(x) for x in in_program[p]],
                )
            )
        return render(request, build.build_id, result)

    @api.get(
        "/dimensions",
        summary="Deprivation dimensions with their indicators",
        description="The six dimensions of the multidimensional poverty standard, each with "
        "its deprivation indicators. " + FORMATS_NOTE,
        response_model=list[Dimension],
    )
    def dimensions(request: Request) -> Response:
        build = builds.of(request)
        store = build.store
        groups = _grouped(select(store, _DIMENSIONS), "d", "i")
        labeller = Labeller(store, minter)
        result = [
            Dimension(**labeller.ref(d).model_dump(), indicators=[labeller.ref(i) for i in items])
            for d, items in groups.items()
        ]
        return render(request, build.build_id, result)

    @api.get(
        "/indicators",
        summary="What measurements count (statistical indicators)",
        description="Each with its default unit; `/measurements?indicator={slug}` lists its "
        "measurements. " + FORMATS_NOTE,
        response_model=list[Indicator],
    )
    def indicators(request: Request) -> Response:
        build = builds.of(request)
        store = build.store
        rows = select(store, _INDICATORS)
        labeller = Labeller(store, minter)
        result = [
            Indicator(
                **labeller.ref(r["i"].value).model_dump(),
                default_unit=labeller.maybe(value(r, "unit")),
                definition=value(r, "definition"),
                measurement_count=int(r["n"].value),
            )
            for r in rows
        ]
        return render(request, build.build_id, result)

    return api
