"""Synthetic districts and communes for every province, with a poverty profile per area.

The real gazetteer (``ontology/reference/places.ttl``) names the provinces; below them the
generator invents districts and communes with Vietnamese-style names and ``pov:partOf`` links, and
gives every area a size and a poverty rate that falls year by year, so that the figures of one
area agree with each other (a count of poor households fits its rate).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from bench.catalogue import Catalogue, Province
from bench.names import place_names
from graph.facts import Entity
from graph.iris import slugify

FIRST_YEAR = 2016
LAST_YEAR = 2025


@dataclass(frozen=True)
class Area:
    """A place a measurement can be about."""

    path: str  # "province/bac-kan", "district/bac-kan/yen-son", "commune/bac-kan/yen-son/tan-lap"
    label_vi: str
    kind: str  # "province", "district" or "commune"
    phrase: str  # how an article names it: "tỉnh Bắc Kạn", "huyện Yên Sơn", "xã Tân Lập"
    households: int
    rate_first_year: float  # poor-household rate in 2016, percent
    decline: float  # yearly factor applied to the rate

    def poverty_rate(self, year: int) -> float:
        return self.rate_first_year * self.decline ** (year - FIRST_YEAR)


@dataclass
class Gazetteer:
    """Every area by path, the units below each pre-2025 province, and their entities."""

    areas: dict[str, Area] = field(default_factory=dict)
    below: dict[str, list[Area]] = field(default_factory=dict)  # pre-2025 province -> units
    entities: list[Entity] = field(default_factory=list)
    before_merger: list[str] = field(default_factory=list)  # pre-2025 province paths
    predecessors: dict[str, list[str]] = field(default_factory=dict)  # new -> old paths


def units_per_province(triples: int, provinces: int) -> tuple[int, int]:
    """(districts, communes per district) so the gazetteer is ~8% of a graph of ``triples``."""
    communes = max(1, min(120, int(triples * 0.08 / (7 * max(1, provinces)))))
    districts = max(1, min(12, math.ceil(communes / 10)))
    return districts, max(1, communes // districts)


def _province_area(province: Province, path: str, rng: random.Random) -> Area:
    return Area(
        path=path,
        label_vi=province.label_vi,
        kind="province",
        phrase=f"tỉnh {province.label_vi}",
        households=rng.randint(150_000, 900_000),
        rate_first_year=min(45.0, rng.lognormvariate(2.0, 0.7)),
        decline=rng.uniform(0.78, 0.93),
    )


def _merged(path: str, label_vi: str, parts: list[Area]) -> Area:
    households = sum(p.households for p in parts)
    rate = sum(p.rate_first_year * p.households for p in parts) / max(1, households)
    decline = sum(p.decline for p in parts) / max(1, len(parts))
    return Area(path, label_vi, "province", f"tỉnh {label_vi}", households, rate, decline)


def _below(parent: Area, kind: str, name: str, path: str, rng: random.Random) -> Area:
    # Sizes as in reality (about 10 districts a province, 15-20 communes a district), however
    # few of them the graph names.
    word, share = ("huyện", 1 / 10) if kind == "district" else ("xã", 1 / 17)
    return Area(
        path=path,
        label_vi=name,
        kind=kind,
        phrase=f"{word} {name}",
        households=max(50, int(parent.households * share * rng.uniform(0.5, 1.5))),
        rate_first_year=min(80.0, parent.rate_first_year * rng.uniform(0.5, 2.2)),
        decline=min(0.97, parent.decline * rng.uniform(0.97, 1.04)),
    )


def build_gazetteer(catalogue: Catalogue, rng: random.Random, triples: int) -> Gazetteer:
    """Areas for every province of the reference data, plus synthetic units below them."""
    minter = catalogue.minter
    gazetteer = Gazetteer()
    old = [p for p in catalogue.provinces if p.valid_from is None]
    new = [p for p in catalogue.provinces if p.valid_from is not None]
    districts, communes = units_per_province(triples, len(old))
    for province in old:
        path = minter.path_of(province.iri)
        if path is None:
            raise ValueError(f"{province.iri} is not under the base {minter.base}")
        area = _province_area(province, path, rng)
        gazetteer.areas[path] = area
        gazetteer.before_merger.append(path)
        units: list[Area] = []
        taken: set[str] = set()
        for name in place_names(rng, districts, taken):
            taken.add(slugify(name))
            d_path = f"district/{province.slug}/{slugify(name)}"
            district = _below(area, "district", name, d_path, rng)
            units.append(district)
            gazetteer.entities.append(
                Entity("district", d_path, name, f"{name} District", links=(("part-of", path),))
            )
            for c_name in place_names(rng, communes, taken):
                taken.add(slugify(c_name))
                c_path = f"commune/{province.slug}/{slugify(name)}/{slugify(c_name)}"
                units.append(_below(district, "commune", c_name, c_path, rng))
                gazetteer.entities.append(
                    Entity(
                        "commune", c_path, c_name, f"{c_name} Commune", links=(("part-of", d_path),)
                    )
                )
        gazetteer.below[path] = units
    for province in new:
        path = minter.path_of(province.iri)
        olds = [
            minter.path_of(p.iri)
            for p in catalogue.provinces
            if p.successor == province.iri and minter.path_of(p.iri) in gazetteer.areas
        ]
        parts = [gazetteer.areas[o] for o in olds if o is not None]
        if path is None or not parts:
            continue
        gazetteer.areas[path] = _merged(path, province.label_vi, parts)
        gazetteer.predecessors[path] = [o for o in olds if o is not None]
    return gazetteer
