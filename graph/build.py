"""The pipeline: article files -> documents -> facts -> RDF -> validated -> store.

``build_store`` makes a store from a directory of articles; ``ingest`` adds articles to an
existing store through the same steps, replacing an article's graph when it is ingested again.
A bad article (unreadable, no figures, facts that break the contract or the shapes) is reported
with its file and line and left out; the others are published. A graph that does not conform to
the shapes for a reason no single new article explains is never published: the previous store
stays as it was (``graph.store.replace_store``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graph.config import Settings
from graph.facts import Problem
from graph.iris import Minter
from graph.namespaces import PREFIXES
from graph.rdf import ArticleGraphs, Lookup, article_graphs, merge_shared, new_graph
from graph.store import (
    ENTITIES_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    REFERENCE_GRAPH,
    add_graphs,
    check_base,
    document_graph_path,
    document_slugs,
    is_store,
    named_graphs,
    open_read_only,
    read_graph,
    replace_store,
)
from graph.void import Statistics, refresh_meta


class BuildError(Exception):
    """Nothing can be published; ``report`` holds the readable validation report, if any."""

    def __init__(self, message: str, report: str | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass(eq=False)  # identity: two runs over the same file are two articles
class Article:
    """One input file on its way through the pipeline."""

    path: Path
    graphs: ArticleGraphs | None = None
    measurements: int = 0
    problems: list[Problem] = field(default_factory=list)  # why it was left out, if it was
    warnings: list[Problem] = field(default_factory=list)  # reported, but published anyway

    @property
    def accepted(self) -> bool:
        return self.graphs is not None and not self.problems


@dataclass
class BuildResult:
    """What a build or an ingest published, and what it left out."""

    store: Path
    build_id: str
    triples: int
    documents: list[str]  # slugs of every article in the store
    measurements: int  # measurements of the articles processed in this run
    articles: list[Article]
    report: str | None = None  # validation report of rejected articles, if any
    dropped: list[str] = field(default_factory=list)  # slugs a rebuild left out (ingested ones)

    @property
    def rejected(self) -> list[Article]:
        return [a for a in self.articles if not a.accepted]

    @property
    def problems(self) -> list[Problem]:
        return [p for a in self.articles for p in a.problems]


def article_paths(seeds_dir: Path) -> list[Path]:
    """The article files (``*.txt``) of a directory, in name order."""
    if not seeds_dir.is_dir():
        raise BuildError(f"{seeds_dir}: not a directory of articles")
    paths = sorted(p for p in seeds_dir.glob("*.txt") if p.is_file())
    if not paths:
        raise BuildError(f"{seeds_dir}: no article files (*.txt)")
    return paths


def prepare(path: Path, minter: Minter, lookup: Lookup) -> Article:
    """Read, extract and turn one article into RDF; problems are recorded, never raised."""
    from graph.documents import DocumentError, read_document
    from graph.extract import extract

    article = Article(path=path)
    try:
        document = read_document(path)
    except DocumentError as exc:
        article.problems.append(exc.problem)
        return article
    try:
        extraction = extract(document)
    except Exception as exc:  # an extractor bug on one article must not sink the others
        message = f"extraction failed: {type(exc).__name__}: {exc}"
        article.problems.append(Problem(path.name, None, message))
        return article
    article.warnings.extend(extraction.problems)
    article.measurements = len(extraction.measurements)
    if not extraction.measurements:
        article.problems.append(
            Problem(path.name, None, "no quantitative statement found: nothing to publish")
        )
        return article
    try:
        article.graphs = article_graphs(extraction, minter, lookup)
    except ValueError as exc:
        article.problems.append(Problem(path.name, None, f"cannot build RDF: {exc}"))
    return article


def _union(graphs: Iterable[Graph]) -> Graph:
    union = new_graph()
    for graph in graphs:
        for triple in graph:
            union.add(triple)
    return union


def _prune_shared(shared: Graph, roots: Iterable[Graph]) -> Graph:
    """Keep only the shared nodes that some document (or a kept shared node) links to."""
    linked = {o for graph in roots for o in graph.objects(unique=True)}
    subjects = set(shared.subjects(unique=True))
    keep: set = set()
    frontier = linked & subjects
    while frontier:
        keep |= frontier
        frontier = {o for s in frontier for o in shared.objects(s, None)} & subjects - keep
    pruned = new_graph()
    for s in sorted(keep):
        for triple in shared.triples((s, None, None)):
            pruned.add(triple)
    return pruned


def _focus_iri(rendered: str) -> URIRef | None:
    """The IRI of a focus node as ``graph.validate`` renders it (``<iri>`` or ``prefix:local``)."""
    if rendered.startswith("<") and rendered.endswith(">"):
        return URIRef(rendered[1:-1])
    prefix, _, local = rendered.partition(":")
    namespace = PREFIXES.get(prefix)
    return URIRef(f"{namespace}{local}") if namespace is not None and local else None


@dataclass
class _Candidate:
    """The published state being assembled: stored articles plus the new ones."""

    kept_docs: dict[str, Graph]
    kept_shared: Graph
    new: list[Article]
    reference_subjects: set = field(default_factory=set)  # described in ontology/reference

    def shared(self) -> Graph:
        shared = new_graph()
        for triple in self.kept_shared:
            if triple[0] not in self.reference_subjects:  # reference data took it over
                shared.add(triple)
        for article in self.new:
            if article.accepted and article.graphs is not None:
                merge_shared(shared, article.graphs.shared)
        docs = list(self.docs().values())
        return _prune_shared(shared, docs)

    def docs(self) -> dict[str, Graph]:
        docs = dict(self.kept_docs)
        for article in self.new:
            if article.accepted and article.graphs is not None:
                docs[article.graphs.slug] = article.graphs.document
        return dict(sorted(docs.items()))


def _validate(
    candidate: _Candidate, ontology: Graph, reference: Graph, minter: Minter
) -> tuple[Graph, str | None]:
    """Validate the whole candidate; leave out new articles the violations point at.

    Returns the shared graph to publish and the report of what was left out (``None`` if
    nothing). Raises ``BuildError`` when a violation concerns anything but a new article.
    """
    from graph.validate import validate

    reports: list[str] = []
    while True:
        shared, docs = candidate.shared(), candidate.docs()
        data = _union([shared, *docs.values()])
        report = validate(data, ontology=ontology, reference=reference, minter=minter)
        if report.conforms:
            return shared, "\n".join(reports) or None
        guilty = _guilty_articles(report.violations, candidate.new)
        if guilty is None:
            raise BuildError("the graph does not conform to the shapes", str(report))
        reports.append(str(report))
        for article, violations in guilty.items():
            first = violations[0]
            article.problems.append(
                Problem(
                    article.path.name,
                    None,
                    f"{len(violations)} violation(s) of the shapes, e.g. {first.focus_node} "
                    f"{first.path or ''}: {first.message}",
                )
            )


def _guilty_articles(violations: Iterable[Any], new: list[Article]) -> dict[Article, list] | None:
    """The new articles whose graphs describe the violating focus nodes, with their violations;
    ``None`` if a violation is about something no new article described (reference data, a
    stored article), which no article can be blamed for."""
    guilty: dict[Article, list] = {}
    for violation in violations:
        node = _focus_iri(violation.focus_node)
        if node is None:
            return None
        owners = [
            a
            for a in new
            if a.accepted
            and a.graphs is not None
            and ((node, None, None) in a.graphs.document or (node, None, None) in a.graphs.shared)
        ]
        if not owners:
            return None
        for owner in owners:
            guilty.setdefault(owner, []).append(violation)
    return guilty or None


def _publish(
    settings: Settings,
    minter: Minter,
    candidate: _Candidate,
    copy_from: ox.Store | None = None,
) -> tuple[Statistics, str | None, list[str]]:
    from graph.reference import load_ontology, load_reference

    ontology, reference = load_ontology(minter), load_reference(minter)
    candidate.reference_subjects = set(ontology.subjects()) | set(reference.subjects())
    shared, report = _validate(candidate, ontology, reference, minter)
    if not any(a.accepted for a in candidate.new):
        raise BuildError("no article passed validation: nothing to publish", report)
    docs = candidate.docs()
    povkg_graphs = {str(minter(p)) for p in (ONTOLOGY_GRAPH, REFERENCE_GRAPH, ENTITIES_GRAPH)}

    def fill(store: ox.Store) -> Statistics:
        graphs = [
            (minter(ONTOLOGY_GRAPH), ontology),
            (minter(REFERENCE_GRAPH), reference),
            (minter(ENTITIES_GRAPH), shared),
            *((minter(document_graph_path(slug)), g) for slug, g in docs.items()),
        ]
        add_graphs(store, graphs)
        if copy_from is not None:  # keep graphs loaded with `povkg load`
            _copy_foreign_graphs(copy_from, store, minter, povkg_graphs)
        return refresh_meta(store, minter)

    stats = replace_store(settings.store, fill)
    return stats, report, list(docs)


def _copy_foreign_graphs(
    source: ox.Store, target: ox.Store, minter: Minter, povkg_graphs: set[str]
) -> None:
    document_prefix = str(minter(document_graph_path("")))
    meta = str(minter(META_GRAPH))
    target.extend(list(source.quads_for_pattern(None, None, None, ox.DefaultGraph())))
    for name in named_graphs(source):
        if name in povkg_graphs or name == meta or name.startswith(document_prefix):
            continue
        target.extend(list(source.quads_for_pattern(None, None, None, ox.NamedNode(name))))


def reference_lookup(minter: Minter, *extra: Graph) -> Lookup:
    """Labels and described nodes of the ontology, the reference data and ``extra`` graphs."""
    from graph.reference import load_ontology, load_reference

    return Lookup.from_graphs(load_ontology(minter), load_reference(minter), *extra)


def build_store(seeds_dir: Path, settings: Settings) -> BuildResult:
    """Build the store at ``settings.store`` from the articles in ``seeds_dir``, atomically."""
    minter = Minter(settings.base_iri)
    paths = article_paths(seeds_dir)
    lookup = reference_lookup(minter)
    articles = _prepare_all(paths, minter, lookup)
    if not any(a.accepted for a in articles):
        raise BuildError(
            "no article could be published: "
            + "; ".join(str(p) for a in articles for p in a.problems)
        )
    before = (
        document_slugs(open_read_only(settings.store), minter) if is_store(settings.store) else []
    )
    candidate = _Candidate(kept_docs={}, kept_shared=new_graph(), new=articles)
    stats, report, slugs = _publish(settings, minter, candidate)
    result = _result(settings, stats, slugs, articles, report)
    result.dropped = sorted(set(before) - set(slugs))
    return result


def ingest(paths: Sequence[Path], settings: Settings) -> BuildResult:
    """Add articles to the store at ``settings.store`` (made if missing), replacing the graph of
    an article ingested before, so that ingesting twice changes nothing."""
    minter = Minter(settings.base_iri)
    old = open_read_only(settings.store) if is_store(settings.store) else None
    kept_docs: dict[str, Graph] = {}
    kept_shared = new_graph()
    if old is not None:
        check_base(old, minter, settings.store)
        kept_shared = read_graph(old, str(minter(ENTITIES_GRAPH)), new_graph())
        for slug in document_slugs(old, minter):
            kept_docs[slug] = read_graph(old, str(minter(document_graph_path(slug))), new_graph())
    lookup = reference_lookup(minter, kept_shared)
    articles = _prepare_all(paths, minter, lookup)
    for article in articles:
        if article.accepted and article.graphs is not None:
            kept_docs.pop(article.graphs.slug, None)
    candidate = _Candidate(kept_docs=kept_docs, kept_shared=kept_shared, new=articles)
    if not any(a.accepted for a in articles):
        raise BuildError(
            "no article could be ingested: "
            + "; ".join(str(p) for a in articles for p in a.problems)
        )
    stats, report, slugs = _publish(settings, minter, candidate, copy_from=old)
    return _result(settings, stats, slugs, articles, report)


def _prepare_all(paths: Sequence[Path], minter: Minter, lookup: Lookup) -> list[Article]:
    """Prepare each file once (a file named twice is one article); two files with the same
    document slug cannot both be published: the later one is reported."""
    unique = list(dict.fromkeys(Path(p).absolute() for p in paths))
    articles = [prepare(path, minter, lookup) for path in unique]
    seen: dict[str, Path] = {}
    for article in articles:
        if article.accepted and article.graphs is not None:
            first = seen.setdefault(article.graphs.slug, article.path)
            if first != article.path:
                article.problems.append(
                    Problem(article.path.name, None, f"same document slug as {first}")
                )
    return articles


def _result(
    settings: Settings,
    stats: Statistics,
    slugs: list[str],
    articles: list[Article],
    report: str | None,
) -> BuildResult:
    return BuildResult(
        store=settings.store,
        build_id=stats.content_id,
        triples=stats.triples,
        documents=slugs,
        measurements=sum(a.measurements for a in articles if a.accepted),
        articles=articles,
        report=report,
    )
