"""Shared fixtures: a hand-made article with known facts, and the seeds store built once.

The hand-made article (``sample_extraction``) lets the RDF, store, table, export and API tests
state exact expectations without depending on the extractor's output; the seeds store
(``seeds_store``, built once per session with the real pipeline into a temporary directory) is
what the integration tests check end to end.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from graph.config import DEFAULT_BASE_IRI, Settings
from graph.facts import Document, Entity, Extraction, Measurement, Period, Span
from graph.iris import Minter

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

SAMPLE_TEXT = (
    " date 2025-12-04 Năm 2021, toàn tỉnh Bắc Ninh có 28.484 hộ nghèo, chiếm 3,47%. "
    "Đến hết năm 2024, tỷ lệ hộ nghèo giảm còn 0,97%. Huyện Na Rì có hơn 1.200 hộ nghèo.\n\n"
    "Theo Kế hoạch số 45/KH-UBND, tỉnh phấn đấu giảm tỷ lệ hộ nghèo từ 2% đến 2,5% mỗi năm "
    "giai đoạn 2021 - 2025; đã có 106/108 xã đạt chuẩn; tổng kinh phí hơn 1.174 tỷ đồng từ "
    "ngân sách trung ương. Ông Nguyễn Văn An, Phó Chủ tịch UBND tỉnh Bắc Ninh, cho biết."
)
SAMPLE_SLUG = "900-sample"
SAMPLE_FILE = "900_sample.txt"
PROGRAM = "program/sustainable-poverty-reduction-2021-2025"


def span(text: str, quote: str, occurrence: int = 1) -> Span:
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return Span(start, start + len(quote), quote)


def sample_document(text: str = SAMPLE_TEXT, slug: str = SAMPLE_SLUG) -> Document:
    return Document(
        slug=slug,
        file_name=slug.replace("-", "_", 1) + ".txt",
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        published=date(2025, 12, 4),
        title="Bắc Ninh giảm nghèo bền vững",
        authors=("Việt Anh",),
        publisher="Báo Mẫu",
        provinces=("province/bac-ninh",),
    )


def sample_extraction(text: str = SAMPLE_TEXT, slug: str = SAMPLE_SLUG) -> Extraction:
    """Seven measurements covering every optional field, and three entities."""
    doc = sample_document(text, slug)

    def m(quote: str, **kwargs: object) -> Measurement:
        fields: dict = {"status": "actual", "rule": "test-rule", "area": "province/bac-ninh"}
        fields.update(kwargs)
        return Measurement(document=slug, span=span(text, quote), **fields)  # type: ignore[arg-type]

    measurements = [
        m(
            "28.484 hộ nghèo",
            indicator="indicator/poor-households",
            value=Decimal(28484),
            unit="unit/household",
            period=Period(2021, 2021),
            program=PROGRAM,
        ),
        m(
            "chiếm 3,47%",
            indicator="indicator/poverty-rate",
            value=Decimal("3.47"),
            unit="unit/percent",
            period=Period(2021, 2021),
        ),
        m(
            "0,97%",
            indicator="indicator/poverty-rate",
            value=Decimal("0.97"),
            unit="unit/percent",
            period=Period(2024, 2024),
        ),
        m(
            "hơn 1.200 hộ nghèo",
            indicator="indicator/poor-households",
            value=Decimal(1200),
            unit="unit/household",
            area="district/bac-kan/na-ri",
            qualifier="more-than",
        ),
        m(
            "từ 2% đến 2,5%",
            indicator="indicator/poverty-rate-reduction",
            value=Decimal(2),
            value_max=Decimal("2.5"),
            unit="unit/percentage-point",
            status="target",
            period=Period(2021, 2025),
            program=PROGRAM,
        ),
        m(
            "106/108 xã",
            indicator="indicator/communes-meeting-health-criteria",
            value=Decimal(106),
            out_of=Decimal(108),
            unit="unit/commune",
        ),
        m(
            "tổng kinh phí hơn 1.174 tỷ đồng",
            indicator="indicator/funding",
            value=Decimal("1.174E+12"),
            unit="unit/vnd",
            qualifier="more-than",
            funding_source="funding-source/central-budget",
            population_group="group/ethnic-minority-households",
            dimension="dimension/housing",
            project="project/housing",
        ),
    ]
    entities = [
        Entity(
            kind="legal-document",
            path="legal-document/45-kh-ubnd-bac-ninh",
            label_vi="Kế hoạch số 45/KH-UBND",
            label_en="Plan No. 45/KH-UBND",
            span=span(text, "Kế hoạch số 45/KH-UBND"),
            links=(("issued-by", "organisation/ubnd-tinh-bac-ninh"), ("implements", PROGRAM)),
            attributes=(("identifier", "45/KH-UBND"),),
        ),
        Entity(
            kind="person",
            path="person/nguyen-van-an",
            label_vi="Nguyễn Văn An",
            label_en="Nguyễn Văn An",
            span=span(text, "Nguyễn Văn An"),
        ),
        Entity(
            kind="role",
            path="role/nguyen-van-an/ubnd-tinh-bac-ninh",
            label_vi="Phó Chủ tịch UBND tỉnh Bắc Ninh",
            label_en="Vice Chairman of the Bắc Ninh Provincial People's Committee",
            links=(
                ("member", "person/nguyen-van-an"),
                ("organisation", "organisation/ubnd-tinh-bac-ninh"),
            ),
            attributes=(("role-vi", "Phó Chủ tịch"), ("role-en", "Vice Chairman")),
        ),
    ]
    return Extraction(document=doc, measurements=measurements, entities=entities)


@pytest.fixture
def minter() -> Minter:
    return Minter(DEFAULT_BASE_IRI)


@dataclass(frozen=True)
class BuiltStore:
    path: Path
    settings: Settings
    result: object  # graph.build.BuildResult

    def copy_to(self, directory: Path) -> Settings:
        """A private copy of the store (for tests that change it)."""
        target = directory / "store"
        shutil.copytree(self.path, target)
        return Settings(store=target, base_iri=self.settings.base_iri)


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> BuiltStore:
    """The store built from seeds/ with the real pipeline, once per test session."""
    from graph.build import build_store

    settings = Settings(store=tmp_path_factory.mktemp("seeds") / "store", base_iri=DEFAULT_BASE_IRI)
    result = build_store(SEEDS, settings)
    assert not result.rejected, [str(p) for p in result.problems]
    return BuiltStore(path=settings.store, settings=settings, result=result)


@pytest.fixture
def seeds_copy(seeds_store: BuiltStore, tmp_path: Path) -> Settings:
    return seeds_store.copy_to(tmp_path)


def write_store(path: Path, extractions: list[Extraction], base_iri: str = DEFAULT_BASE_IRI):
    """A store of hand-made extractions plus the ontology and reference data, written with the
    real RDF builder and atomic writer but without validation (the sample's facts need not match
    the code lists); returns the VoID statistics."""
    import pyoxigraph as ox

    from graph.rdf import Lookup, article_graphs, merge_shared, new_graph
    from graph.reference import load_ontology, load_reference
    from graph.store import (
        ENTITIES_GRAPH,
        ONTOLOGY_GRAPH,
        REFERENCE_GRAPH,
        add_graphs,
        document_graph_path,
        replace_store,
    )
    from graph.void import refresh_meta

    minter = Minter(base_iri)
    ontology, reference = load_ontology(minter), load_reference(minter)
    lookup = Lookup.from_graphs(ontology, reference)
    shared, graphs = new_graph(), [(minter(ONTOLOGY_GRAPH), ontology)]
    graphs.append((minter(REFERENCE_GRAPH), reference))
    for extraction in extractions:
        article = article_graphs(extraction, minter, lookup)
        merge_shared(shared, article.shared)
        graphs.append((minter(document_graph_path(article.slug)), article.document))
    graphs.append((minter(ENTITIES_GRAPH), shared))

    def fill(store: ox.Store):
        add_graphs(store, graphs)
        return refresh_meta(store, minter)

    return replace_store(path, fill)


@pytest.fixture
def sample_store(tmp_path: Path) -> Path:
    """A store holding the hand-made sample article (not validated)."""
    path = tmp_path / "store"
    write_store(path, [sample_extraction()])
    return path
