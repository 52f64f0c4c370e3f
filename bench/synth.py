"""Write a synthetic, nationwide povkg graph of about N triples as N-Triples.

    python bench/synth.py --triples 100000 --out data/bench/100k.nt [--seed 1]

The graph is made of povkg's own parts: the ontology, code lists and reference data of
``ontology/`` (through ``graph.reference``), synthetic districts and communes below every
province, and synthetic articles whose measurements go through the project's own RDF builder
(``graph.rdf.article_graphs``), so they have exactly the shape of extracted ones, with evidence
quotes found in each article's ``pov:text`` at their offsets. Articles are generated and written
one at a time (bounded memory); the same seed gives the same file.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `bench` and `graph` importable
    sys.path.insert(0, str(ROOT))

from rdflib import BNode, Graph  # noqa: E402
from rdflib.compare import to_canonical_graph  # noqa: E402

from bench.article import ArticleText, sha256  # noqa: E402
from bench.catalogue import Catalogue, Indicator, load_catalogue  # noqa: E402
from bench.gazetteer import FIRST_YEAR, LAST_YEAR, Area, Gazetteer, build_gazetteer  # noqa: E402
from bench.ntriples import TripleWriter, term  # noqa: E402
from bench.values import draw  # noqa: E402
from graph.config import DEFAULT_BASE_IRI  # noqa: E402
from graph.facts import Document, Entity, Extraction, Measurement, Period, Status  # noqa: E402
from graph.iris import Minter  # noqa: E402
from graph.rdf import Lookup, article_graphs, describe_entity, new_graph  # noqa: E402
from graph.reference import ReferenceDataError  # noqa: E402

PROGRAM_START = 2021
FIRST_ISSUE, LAST_ISSUE = date(2017, 1, 1), date(2025, 12, 31)
WEIGHTS = {
    "poor-households": 12,
    "poverty-rate": 12,
    "near-poor-households": 5,
    "near-poor-rate": 5,
    "poverty-rate-reduction": 4,
    "households-escaped-poverty": 4,
    "funding": 4,
    "disbursed-funding": 3,
}
"""How much more often than other indicators (weight 1) articles report these."""
HEADLINE = ("poverty-rate", "poor-households")
"""Indicators of the figures an article opens with, for its own province."""
FILLER = (
    "Công tác giảm nghèo được cấp ủy, chính quyền các cấp quan tâm chỉ đạo sát sao. ",
    "Các chính sách hỗ trợ được triển khai kịp thời, đúng đối tượng. ",
    "Nhiều mô hình sinh kế phù hợp với điều kiện địa phương đã được nhân rộng. ",
    "Người dân tích cực tham gia, chủ động vươn lên thoát nghèo. ",
    "Công tác rà soát hộ nghèo, hộ cận nghèo được thực hiện công khai, minh bạch. ",
    "Nguồn vốn chương trình được phân bổ theo đúng quy định. ",
    "Tuy nhiên, kết quả giảm nghèo ở một số nơi chưa thật sự bền vững. ",
)


@dataclass(frozen=True)
class Organisations:
    """The provincial people's committee and its yearly plans, per province path."""

    committee: dict[str, Entity]
    plans: dict[tuple[str, int], Entity]


def _organisations(catalogue: Catalogue, gazetteer: Gazetteer, rng: random.Random) -> Organisations:
    program = catalogue.minter.path_of(catalogue.program) or ""
    committees: dict[str, Entity] = {}
    plans: dict[tuple[str, int], Entity] = {}
    for path, area in sorted(gazetteer.areas.items()):
        if area.kind != "province":
            continue
        slug = path.rsplit("/", 1)[-1]
        org = Entity(
            "organisation",
            f"organisation/ubnd-tinh-{slug}",
            f"UBND tỉnh {area.label_vi}",
            f"{area.label_vi} Provincial People's Committee",
            links=(("area", path),),
        )
        committees[path] = org
        years = range(PROGRAM_START, LAST_YEAR + 1)
        for year, number in zip(years, rng.sample(range(10, 400), len(years)), strict=True):
            identifier = f"{number}/KH-UBND"
            plans[(path, year)] = Entity(
                "legal-document",
                f"legal-document/{number}-kh-ubnd-{slug}",
                f"Kế hoạch số {identifier} năm {year} của UBND tỉnh {area.label_vi}",
                f"Plan No. {identifier} of {year} of the {org.label_en}",
                links=(("issued-by", org.path), ("implements", program), ("area", path)),
                attributes=(("identifier", identifier),),
            )
    return Organisations(committees, plans)


class Generator:
    """Composes articles and writes their triples."""

    def __init__(self, catalogue: Catalogue, seed: int, triples: int) -> None:
        self.catalogue = catalogue
        self.minter = catalogue.minter
        self.rng = random.Random(seed)
        self.target = triples
        self.gazetteer = build_gazetteer(catalogue, self.rng, triples)
        self.orgs = _organisations(catalogue, self.gazetteer, self.rng)
        self.weights = [WEIGHTS.get(i.slug, 1) for i in catalogue.indicators]
        by_slug = {i.slug: i for i in catalogue.indicators}
        self.headline_indicators = [by_slug[s] for s in HEADLINE if s in by_slug]
        self.qualifiers = {c.slug for c in catalogue.qualifiers}
        self.unit_entities = {e.path: e for e in self.gazetteer.entities}
        self.subjects = sorted(p for p, a in self.gazetteer.areas.items() if a.kind == "province")
        self.rng.shuffle(self.subjects)

    def write(self, out: TextIO) -> int:
        """Write the whole graph; returns the number of triples written."""
        writer = TripleWriter(out)
        _write_graph(writer, self.catalogue.graph)
        lookup = Lookup.from_graphs(self.catalogue.graph)
        entities = new_graph()
        all_entities = [
            *self.gazetteer.entities,
            *self.orgs.committee.values(),
            *self.orgs.plans.values(),
        ]
        for entity in all_entities:  # the reference data may describe some already
            if str(self.minter(entity.path)) not in lookup.described:
                describe_entity(entities, entity, self.minter)
        _write_graph(writer, entities)
        lookup.add_graph(entities)
        number = 0
        while writer.count < self.target:
            graphs = article_graphs(self._article(number), self.minter, lookup)
            _write_graph(writer, graphs.document)
            _write_graph(writer, graphs.shared)
            lookup.add_graph(graphs.shared)
            number += 1
        writer.flush()
        return writer.count

    def _article(self, number: int) -> Extraction:
        rng = self.rng
        subject = self.subjects[number % len(self.subjects)]  # every province in turn
        province = self.catalogue.province(str(self.minter(subject)))
        first = max(FIRST_ISSUE, province.valid_from or FIRST_ISSUE)
        last = min(LAST_ISSUE, province.valid_to or LAST_ISSUE)
        issued = first + timedelta(days=rng.randrange((last - first).days + 1))
        area = self.gazetteer.areas[subject]
        slug = f"synth-{number:06d}"
        title = f"{area.label_vi}: kết quả thực hiện công tác giảm nghèo bền vững"
        text = ArticleText()
        text.add(f"{title}\n\n")
        committee = self.orgs.committee[subject]
        plan = self.orgs.plans.get((subject, issued.year))
        if plan is not None:
            text.add(
                f"Thực hiện {plan.label_vi}, {committee.label_vi} đã chỉ đạo các ngành "
                "triển khai đồng bộ các giải pháp. "
            )
        mentioned = [committee] + ([plan] if plan else [])
        measurements = [
            self._measurement(slug, subject, issued, text, mentioned, headline)
            for headline in self._headlines(issued)
        ]
        for _ in range(rng.randint(6, 24)):
            if rng.random() < 0.3:
                text.add(rng.choice(FILLER))
            measurements.append(self._measurement(slug, subject, issued, text, mentioned))
        text.add("\n\n" + rng.choice(FILLER).strip() + "\n")
        full = text.text
        document = Document(
            slug=slug,
            file_name=f"synth_{number:06d}.txt",
            text=full,
            sha256=sha256(full),
            published=issued,
            title=title,
            publisher=f"Cổng thông tin điện tử tỉnh {area.label_vi}",
            provinces=(subject,),
        )
        unique = {e.path: e for e in mentioned}
        return Extraction(document, measurements, list(unique.values()))

    def _headlines(self, issued: date) -> list[tuple[Indicator, Status, Period]]:
        """What such an article opens with (as seed 000 does): last year's poverty rate of its
        province beside the target set for that year, and its count of poor households."""
        year = max(FIRST_YEAR, issued.year - 1)
        period = Period(year, year)
        found: list[tuple[Indicator, Status, Period]] = []
        for indicator in self.headline_indicators:
            found.append((indicator, "actual", period))
            if indicator.slug == "poverty-rate":
                found.append((indicator, "target", period))
        return found

    def _area(self, subject: str) -> Area:
        rng = self.rng
        olds = self.gazetteer.predecessors.get(subject)
        home = rng.choice(olds) if olds and rng.random() < 0.5 else subject
        units = self.gazetteer.below.get(home, [])
        if units and rng.random() < 0.5:
            return rng.choice(units)
        return self.gazetteer.areas[home]

    def _when(self, issued: date) -> tuple[Status, Period | None]:
        rng = self.rng
        year = issued.year
        draw_ = rng.random()
        if draw_ < 0.2 and year <= LAST_YEAR:
            if year >= PROGRAM_START and rng.random() < 0.3:
                return "target", Period(PROGRAM_START, LAST_YEAR)
            return "target", Period(t := rng.randint(year, LAST_YEAR), t)
        if draw_ < 0.3:
            return "forecast", Period(year, year)
        if rng.random() < 0.04:
            return "actual", None
        last = year if issued.month > 3 else year - 1
        first = max(FIRST_YEAR, last - 3)
        y = rng.randint(first, max(first, last))
        return "actual", Period(y, y)

    def _measurement(
        self,
        slug: str,
        subject: str,
        issued: date,
        text: ArticleText,
        mentioned: list[Entity],
        headline: tuple[Indicator, Status, Period] | None = None,
    ) -> Measurement:
        """A random figure, or the ``headline`` one (indicator, status, period) for the subject."""
        rng = self.rng
        if headline is not None:
            indicator, status, period_ = headline
            area, period = self.gazetteer.areas[subject], period_
        else:
            indicator = rng.choices(self.catalogue.indicators, self.weights)[0]
            area = self._area(subject)
            status, period = self._when(issued)
        unit_iri = indicator.unit or str(self.minter("unit/unit"))
        unit = self.catalogue.units.get(unit_iri)
        unit_vi = unit.label_vi if unit else "đơn vị"
        year = period.end if period else issued.year
        figure = draw(
            rng,
            indicator.label_vi,
            unit_iri.rsplit("/", 1)[-1],
            unit_vi,
            area.kind,
            area.poverty_rate(year),
            area.households,
        )
        if period is None:
            lead = "Theo báo cáo"
        elif period.start != period.end:
            lead = f"Giai đoạn {period.start} - {period.end}"
        else:
            lead = f"Năm {period.start}" if status == "actual" else f"Đến hết năm {period.start}"
        verb = {"actual": "ghi nhận", "target": "phấn đấu đạt mục tiêu", "forecast": "dự kiến đạt"}
        text.add(f"{lead}, {area.phrase} {verb[status]} ")
        span = text.add_quote(figure.quote)
        text.add(". ")
        if area.kind != "province":
            mentioned.append(self.unit_entities[area.path])
        in_program = period is not None and period.start >= PROGRAM_START
        path = self.minter.path_of
        funding = None
        if unit_iri.endswith("/vnd") and self.catalogue.funding_sources and rng.random() < 0.8:
            funding = path(rng.choice(self.catalogue.funding_sources).iri)
        group = None
        if self.catalogue.groups and rng.random() < 0.1:
            group = path(rng.choice(self.catalogue.groups).iri)
        qualifier = figure.qualifier if figure.qualifier in self.qualifiers else None
        return Measurement(
            document=slug,
            span=span,
            indicator=path(indicator.iri) or "",
            value=figure.value,
            unit=path(unit_iri) or "",
            area=area.path,
            status=status,
            rule="synthetic",
            value_max=figure.value_max,
            qualifier=qualifier,  # type: ignore[arg-type]
            out_of=figure.out_of,
            period=period,
            dimension=path(indicator.dimension) if indicator.dimension else None,
            project=path(indicator.project) if indicator.project and in_program else None,
            program=path(self.catalogue.program) if in_program else None,
            population_group=group,
            funding_source=funding,
        )


def _write_graph(writer: TripleWriter, graph: Graph) -> None:
    """Write ``graph`` in a stable order (blank nodes, if any, canonically labelled)."""
    if any(isinstance(n, BNode) for triple in graph for n in triple):
        graph = to_canonical_graph(graph)
    labels: dict[BNode, str] = {}
    lines = sorted((term(s, labels), term(p, labels), term(o, labels)) for s, p, o in graph)
    for s, p, o in lines:
        writer.add(s, p, o)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many triples")
    parser.add_argument("--out", type=Path, required=True, help="N-Triples file to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--base-iri", default=DEFAULT_BASE_IRI)
    args = parser.parse_args(argv)
    if args.triples < 1:
        parser.error("--triples must be positive")
    started = time.perf_counter()
    try:
        catalogue = load_catalogue(Minter(args.base_iri))
    except (ValueError, ReferenceDataError) as error:
        print(f"synth: {error}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_name(args.out.name + ".part")
    with partial.open("w", encoding="utf-8", newline="\n") as out:
        count = Generator(catalogue, args.seed, args.triples).write(out)
    partial.replace(args.out)
    elapsed = time.perf_counter() - started
    print(f"wrote {count} triples to {args.out} in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
