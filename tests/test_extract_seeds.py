"""Extraction on the five seed articles: key facts, provenance of every fact, what must not
become a fact, entities, and the score against the independent gold annotation."""

from __future__ import annotations

import re
from dataclasses import asdict
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from graph.extract import extract, extract_file
from graph.facts import Extraction, Measurement

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PROGRAM = "program/sustainable-poverty-reduction-2021-2025"


@cache
def run(number: str) -> Extraction:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return extract_file(path)


def fact(number: str, quote: str) -> Measurement:
    found = [m for m in run(number).measurements if m.span.quote == quote]
    assert len(found) == 1, (quote, [m.span.quote for m in run(number).measurements])
    return found[0]


# number, quote, indicator, value, unit, area, period, status, other attributes
KEY_FACTS = [
    (
        "000",
        "28.484 hộ nghèo",
        "poor-households",
        "28484",
        "household",
        "province/bac-ninh",
        "2021",
        "actual",
        {},
    ),
    (
        "000",
        "chiếm 3,47%",
        "poverty-rate",
        "3.47",
        "percent",
        "province/bac-ninh",
        "2021",
        "actual",
        {},
    ),
    (
        "000",
        "giảm xuống còn 8.308 hộ",
        "poor-households",
        "8308",
        "household",
        "province/bac-ninh",
        "2024",
        "actual",
        {},
    ),
    (
        "000",
        "không còn hộ nghèo",
        "poor-households",
        "0",
        "household",
        "province/bac-ninh-pre-2025",
        "2024",
        "actual",
        {},
    ),
    (
        "000",
        "giảm còn dưới 1%",
        "poverty-rate",
        "1",
        "percent",
        "province/bac-ninh",
        "2025",
        "target",
        {"qualifier": "less-than"},
    ),
    (
        "000",
        "giảm xuống 0,56%",
        "poverty-rate",
        "0.56",
        "percent",
        "province/bac-ninh",
        "2025",
        "forecast",
        {},
    ),
    (
        "000",
        "Tổng kinh phí đạt 950.488 triệu đồng",
        "funding",
        "950488000000",
        "vnd",
        "province/bac-ninh",
        "2021-2025",
        "actual",
        {},
    ),
    (
        "000",
        "798.504 triệu đồng từ ngân sách Trung ương",
        "funding",
        "798504000000",
        "vnd",
        "province/bac-ninh",
        "2021-2025",
        "actual",
        {"funding_source": "funding-source/central-budget"},
    ),
    (
        "000",
        "151.984 triệu đồng từ ngân sách tỉnh",
        "funding",
        "151984000000",
        "vnd",
        "province/bac-ninh",
        "2021-2025",
        "actual",
        {"funding_source": "funding-source/provincial-budget"},
    ),
    (
        "000",
        "phủ kín 100% địa bàn",
        "mobile-coverage",
        "100",
        "percent",
        "province/bac-ninh",
        None,
        "actual",
        {"dimension": "dimension/information"},
    ),
    (
        "000",
        "đạt hơn 95%",
        "smartphone-rate",
        "95",
        "percent",
        "province/bac-ninh",
        None,
        "actual",
        {"qualifier": "more-than"},
    ),
    (
        "000",
        "hơn 500 mô hình sinh kế",
        "livelihood-models",
        "500",
        "model",
        "province/bac-ninh",
        "2025",
        "actual",
        {"project": "project/livelihoods"},
    ),
    (
        "001",
        "100% hộ nghèo",
        None,
        "100",
        "percent",
        "province/bac-ninh-pre-2025",
        None,
        "target",
        {},
    ),
    (
        "001",
        "giảm 0,1%",
        "average-annual-poverty-rate-reduction",
        "0.1",
        "percentage-point",
        "province/bac-ninh-pre-2025",
        "2023-2025",
        "target",
        {},
    ),
    (
        "001",
        "100% hộ nghèo, hộ cận nghèo",
        None,
        "100",
        "percent",
        "province/bac-ninh-pre-2025",
        None,
        "target",
        {"population_group": "group/poor-and-near-poor-households"},
    ),
    (
        "001",
        "100% cán bộ làm công tác giảm nghèo",
        "staff-training-coverage",
        "100",
        "percent",
        "province/bac-ninh-pre-2025",
        None,
        "target",
        {"population_group": "group/poverty-reduction-officials"},
    ),
    (
        "001",
        "100% các trường",
        "school-standard-rate",
        "100",
        "percent",
        "province/bac-ninh-pre-2025",
        None,
        "target",
        {},
    ),
    (
        "002",
        "hơn 22.300 hộ",
        "poor-households",
        "22300",
        "household",
        "province/bac-kan",
        "2021",
        "actual",
        {"qualifier": "more-than"},
    ),
    (
        "002",
        "chiếm tỷ lệ 27,3%",
        "poverty-rate",
        "27.3",
        "percent",
        "province/bac-kan",
        "2021",
        "actual",
        {},
    ),
    (
        "002",
        "là 30,5%",
        "poverty-rate",
        "30.5",
        "percent",
        "province/bac-kan",
        "2021",
        "actual",
        {"population_group": "group/ethnic-minority-households"},
    ),
    (
        "002",
        "giảm 3%",
        "average-annual-poverty-rate-reduction",
        "3",
        "percentage-point",
        "province/bac-kan",
        "2021-2023",
        "actual",
        {"population_group": "group/ethnic-minority-households"},
    ),
    (
        "002",
        "từ 2% đến 2,5%",
        "poverty-rate-reduction",
        "2",
        "percentage-point",
        "province/bac-kan",
        "2024",
        "target",
        {"value_max": Decimal("2.5")},
    ),
    (
        "002",
        "gần 13.200 lượt hộ nghèo",
        "credit-support-beneficiaries",
        "13200",
        "household-turn",
        "province/bac-kan",
        "2023",
        "actual",
        {"qualifier": "nearly", "population_group": "group/poor-households"},
    ),
    (
        "002",
        "2.159 hộ mới thoát nghèo",
        "credit-support-beneficiaries",
        "2159",
        "household",
        "province/bac-kan",
        "2023",
        "actual",
        {"population_group": "group/newly-escaped-households"},
    ),
    (
        "002",
        "Hơn 212.000 đối tượng chính sách xã hội",
        "health-insurance-beneficiaries",
        "212000",
        "person",
        "province/bac-kan",
        "2023",
        "actual",
        {"dimension": "dimension/health"},
    ),
    (
        "002",
        "kinh phí hơn 246 tỷ đồng",
        "funding",
        "246000000000",
        "vnd",
        "province/bac-kan",
        "2023",
        "actual",
        {"dimension": "dimension/education"},
    ),
    (
        "002",
        "hơn 68,7 tỷ đồng",
        "funding",
        "68700000000",
        "vnd",
        "province/bac-kan",
        None,
        "actual",
        {"project": "project/housing"},
    ),
    (
        "002",
        "gần 1.800 hộ nghèo",
        "housing-support-beneficiaries",
        "1800",
        "household",
        "province/bac-kan",
        None,
        "actual",
        {"project": "project/housing"},
    ),
    (
        "002",
        "giảm 3,91% hộ nghèo",
        "poverty-rate-reduction",
        "3.91",
        "percentage-point",
        "district/bac-kan/na-ri",
        "2023",
        "actual",
        {},
    ),
    (
        "002",
        "đạt 111,7% chỉ tiêu kế hoạch",
        "plan-fulfilment",
        "111.7",
        "percent-of-plan",
        "district/bac-kan/na-ri",
        "2023",
        "actual",
        {},
    ),
    (
        "002",
        "giảm được 17 hộ nghèo",
        "poor-household-reduction",
        "17",
        "household",
        "commune/bac-kan/cho-moi/dong-tam",
        "2023",
        "actual",
        {},
    ),
    (
        "002",
        "44 triệu đồng/người/năm",
        "income-per-capita",
        "44000000",
        "vnd-per-person-per-year",
        "commune/bac-kan/cho-moi/dong-tam",
        "2023",
        "actual",
        {},
    ),
    (
        "002",
        "giảm 5 hộ nghèo",
        "poor-household-reduction",
        "5",
        "household",
        "commune/bac-kan/cho-moi/dong-tam",
        "2024",
        "target",
        {},
    ),
    (
        "002",
        "13 dự án cộng đồng",
        "community-production-projects",
        "13",
        "project",
        "province/bac-kan",
        "2024",
        "actual",
        {},
    ),
    (
        "003",
        "giảm 2,66%",
        "poverty-rate-reduction",
        "2.66",
        "percentage-point",
        "province/bac-kan",
        "2022",
        "actual",
        {},
    ),
    (
        "003",
        "đạt 41% kế hoạch",
        "disbursement-rate",
        "41",
        "percent-of-plan",
        "province/bac-kan",
        None,
        "actual",
        {},
    ),
    (
        "003",
        ["hỗ trợ tiền ăn ", "34.200 lượt học sinh"][1],
        "meal-support-beneficiaries",
        "34200",
        "person-turn",
        "province/bac-kan",
        None,
        "actual",
        {},
    ),
    (
        "003",
        "trên 110.000 lượt hộ",
        "electricity-support-beneficiaries",
        "110000",
        "household-turn",
        "province/bac-kan",
        None,
        "actual",
        {"qualifier": "more-than"},
    ),
    (
        "003",
        "106/108 xã",
        "communes-meeting-health-criteria",
        "106",
        "commune",
        "province/bac-kan",
        None,
        "actual",
        {"out_of": Decimal(108)},
    ),
    (
        "003",
        "98,1%",
        "communes-meeting-health-criteria",
        "98.1",
        "percent",
        "province/bac-kan",
        None,
        "actual",
        {},
    ),
    (
        "003",
        "số tiền gần 128 tỷ đồng",
        "funding",
        "128000000000",
        "vnd",
        "province/bac-kan",
        None,
        "actual",
        {"funding_source": None},
    ),
    (
        "003",
        "trên 88% đồng bào dân tộc thiểu số",
        "ethnic-minority-share",
        "88",
        "percent",
        "province/bac-kan",
        None,
        "actual",
        {},
    ),
    (
        "003",
        "2/8 huyện nghèo",
        "poor-districts",
        "2",
        "district",
        "province/bac-kan",
        None,
        "actual",
        {"out_of": Decimal(8)},
    ),
    (
        "003",
        "67/108 xã đặc biệt khó khăn",
        "especially-difficult-communes",
        "67",
        "commune",
        "province/bac-kan",
        None,
        "actual",
        {"out_of": Decimal(108)},
    ),
    (
        "003",
        "687 cụm loa ứng dụng công nghệ thông tin",
        "loudspeaker-clusters",
        "687",
        "loudspeaker-cluster",
        "province/bac-kan",
        None,
        "actual",
        {},
    ),
    (
        "003",
        "8/8 trung tâm văn hóa",
        "centres-equipped",
        "8",
        "centre",
        "province/bac-kan",
        None,
        "actual",
        {"out_of": Decimal(8)},
    ),
    (
        "004",
        "hơn 200 công trình hạ tầng",
        "infrastructure-works-built",
        "200",
        "work",
        "province/cao-bang",
        None,
        "actual",
        {"project": "project/infrastructure"},
    ),
    (
        "004",
        "trên 170 công trình dân sinh",
        "infrastructure-works-maintained",
        "170",
        "work",
        "province/cao-bang",
        None,
        "actual",
        {},
    ),
    (
        "004",
        "gần 100 điểm cung cấp dịch vụ bưu chính",
        "postal-service-points",
        "100",
        "point",
        "province/cao-bang",
        None,
        "actual",
        {},
    ),
    (
        "004",
        "tổng kinh phí hơn 1.174 tỷ đồng",
        "funding",
        "1174000000000",
        "vnd",
        "province/cao-bang",
        None,
        "actual",
        {"project": "project/livelihoods"},
    ),
    (
        "004",
        "4% trở lên",
        "poverty-rate-reduction",
        "4",
        "percentage-point",
        "province/cao-bang",
        "2025",
        "target",
        {"qualifier": "at-least"},
    ),
    (
        "004",
        "trên 5.150 hộ thoát nghèo",
        "households-escaped-poverty",
        "5150",
        "household",
        "province/cao-bang",
        "2025",
        "target",
        {},
    ),
    (
        "004",
        "501 hội nghị tuyên truyền",
        "communication-conferences",
        "501",
        "conference",
        "province/cao-bang",
        "2021-2024",
        "actual",
        {},
    ),
    (
        "004",
        "gần 25.000 lượt người",
        "communication-participants",
        "25000",
        "person-turn",
        "province/cao-bang",
        "2021-2024",
        "actual",
        {},
    ),
    (
        "004",
        "112 hội nghị rà soát hộ nghèo",
        "poverty-review-conferences",
        "112",
        "conference",
        "province/cao-bang",
        None,
        "actual",
        {},
    ),
    (
        "004",
        "hơn 22.000 lượt người",
        "training-participants",
        "22000",
        "person-turn",
        "province/cao-bang",
        None,
        "actual",
        {},
    ),
    (
        "004",
        "giảm 4,67%",
        "poverty-rate-reduction",
        "4.67",
        "percentage-point",
        "province/cao-bang",
        "2024",
        "actual",
        {},
    ),
    (
        "004",
        "từ 24,71%",
        "poverty-rate",
        "24.71",
        "percent",
        "province/cao-bang",
        "2023",
        "actual",
        {},
    ),
    (
        "004",
        "giảm xuống còn 20,04%",
        "poverty-rate",
        "20.04",
        "percent",
        "province/cao-bang",
        "2024",
        "actual",
        {},
    ),
]


@pytest.mark.parametrize(
    ("number", "quote", "indicator", "value", "unit", "area", "period", "status", "other"),
    KEY_FACTS,
)
def test_key_facts(number, quote, indicator, value, unit, area, period, status, other) -> None:
    candidates = [m for m in run(number).measurements if m.span.quote == quote]
    assert candidates, quote
    m = candidates[-1] if indicator is None else fact(number, quote)
    if indicator is not None:
        assert m.indicator == f"indicator/{indicator}"
    assert m.value == Decimal(value)
    assert m.unit == f"unit/{unit}"
    assert m.area == area
    assert (m.period.code if m.period else None) == period
    assert m.status == status
    for name, expected in other.items():
        assert asdict(m)[name] == expected, name


def test_plan_objectives_of_seed_001() -> None:
    """A plan's objectives section: every figure is a target, each with its own indicator."""
    ms = run("001").measurements
    assert len(ms) == 12
    assert {m.status for m in ms} == {"target"}
    assert [m.indicator.split("/")[1] for m in ms] == [
        "safe-housing-coverage",
        "safe-housing-coverage",
        "average-annual-poverty-rate-reduction",
        "credit-access-coverage",
        "staff-training-coverage",
        "vocational-training-coverage",
        "health-insurance-coverage",
        "school-attendance-coverage",
        "school-standard-rate",
        "safe-housing-coverage",
        "clean-water-coverage",
        "information-access-coverage",
    ]
    assert [m.period.code if m.period else None for m in ms[:3]] == [
        "2023-2025",
        "2023",
        "2023-2025",
    ]


@pytest.mark.parametrize(
    ("number", "count"), [("000", 15), ("001", 12), ("002", 27), ("003", 23), ("004", 21)]
)
def test_one_measurement_per_mention(number: str, count: int) -> None:
    assert len(run(number).measurements) == count


# --- provenance -----------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_every_fact_has_exact_provenance(number: str) -> None:
    extraction = run(number)
    document = extraction.document
    for m in extraction.measurements:
        assert document.text[m.span.start : m.span.end] == m.span.quote
        assert any(s <= m.span.start and m.span.end <= e for s, e in document.main_text), m.span
        assert m.document == document.slug
        assert m.rule
        assert m.program == PROGRAM
        assert m.period is None or m.period.start <= m.period.end
        digits = re.sub(r"\D", "", m.span.quote)
        assert digits or "không còn" in m.span.quote


# --- what must not become a fact ------------------------------------------------------------

NOT_FACTS = [
    ("000", "sớm một năm"),
    ("000", "7 dự án trọng tâm"),
    ("000", "Tỉnh Bắc Ninh đã xây dựng hơn 500 mô hình sinh kế (Ảnh"),  # a photo caption
    ("000", "2021-2025"),
    ("001", "121/KH-UBND"),
    ("001", "dưới 16 tuổi"),
    ("001", "21:41 21/04/2023"),
    ("001", "22-5-2022-chinh-sach-xa-hoi.jpg"),
    ("001", "Quyết định 2461/QĐ-BTNMT"),
    ("001", "Hơn 20 năm về trước"),
    ("001", "120 doanh nghiệp"),
    ("002", "(1 thành phố, 7 huyện)"),
    ("002", "2021-2025"),
    ("003", "Sáng 23/8"),
    ("003", "2021 - 2015"),
    ("003", "“5 không, 3 sạch”"),
    ("003", "1 bộ thiết bị"),
    ("003", "OCOP 4 sao"),
    ("003", "Chỉ thị số 07/CT-TTg ngày 21/3/2023"),
    ("004", "2026 - 2030"),
]


@pytest.mark.parametrize(("number", "phrase"), NOT_FACTS)
def test_not_measurements(number: str, phrase: str) -> None:
    extraction = run(number)
    start = extraction.document.text.index(phrase)
    end = start + len(phrase)
    overlapping = [m for m in extraction.measurements if m.span.start < end and start < m.span.end]
    assert overlapping == []


def test_typo_period_is_reported_and_does_not_reach_the_model() -> None:
    extraction = run("003")
    assert [
        (p.line, "2021 - 2015" in p.message and "2021-2025" in p.message)
        for p in extraction.problems
    ] == [(5, True)]
    for number in ("000", "001", "002", "004"):
        assert run(number).problems == []


# --- entities -------------------------------------------------------------------------------


def entity(number: str, path: str):
    found = [e for e in run(number).entities if e.path == path]
    assert found, [e.path for e in run(number).entities]
    return found[0]


def test_plan_entity() -> None:
    plan = entity("001", "legal-document/121-kh-ubnd-bac-ninh")
    assert plan.kind == "legal-document"
    assert ("identifier", "121/KH-UBND") in plan.attributes
    assert ("issued-by", "organisation/ubnd-tinh-bac-ninh") in plan.links
    assert ("implements", PROGRAM) in plan.links
    assert run("001").document.text[plan.span.start : plan.span.end] == plan.span.quote


def test_organisations_people_and_roles() -> None:
    committee = entity("003", "organisation/ubnd-tinh-bac-kan")
    assert committee.label_en == "Bắc Kạn Provincial People's Committee"
    department = entity("002", "organisation/so-lao-dong-thuong-binh-va-xa-hoi-tinh-bac-kan")
    assert department.label_en == "Department of Labour, Invalids and Social Affairs of Bắc Kạn"
    assert ("area", "province/bac-kan") in department.links
    giang = entity("002", "person/duong-bang-giang")
    assert giang.label_vi == "Dương Bằng Giang"
    role = entity("002", f"role/duong-bang-giang/{department.path.split('/', 1)[1]}")
    assert ("member", giang.path) in role.links and ("organisation", department.path) in role.links
    assert ("role-vi", "Phó Giám đốc") in role.attributes
    hung_role = entity("003", "role/pham-duy-hung/ubnd-tinh-bac-kan")
    assert hung_role.label_en == "Vice Chairman, Bắc Kạn Provincial People's Committee"
    assert entity("002", "organisation/ubnd-huyen-na-ri").links == (
        ("area", "district/bac-kan/na-ri"),
    )
    entity("002", "organisation/ngan-hang-chinh-sach-xa-hoi")
    entity("004", "organisation/ubnd-tinh-cao-bang")


def test_campaigns_and_livelihood_model() -> None:
    movement = entity(
        "003", "campaign/bac-kan-chung-tay-vi-nguoi-ngheo-khong-de-ai-bi-bo-lai-phia-sau"
    )
    assert movement.label_vi.startswith("Phong trào “Bắc Kạn chung tay")
    assert (
        entity("003", "campaign/5-khong-3-sach").label_vi
        == "Cuộc vận động Xây dựng gia đình “5 không, 3 sạch”"
    )
    entity("003", "campaign/moi-xa-phuong-mot-san-pham")
    model = [e for e in run("002").entities if e.kind == "livelihood-model"]
    assert len(model) == 1
    assert ("area", "commune/bac-kan/na-ri/tran-phu") in model[0].links
    assert ("project", "project/livelihoods") in model[0].links
    assert "lợn nái" in model[0].label_vi


def test_known_places_are_not_minted_again() -> None:
    kinds = {e.kind for number in ("000", "001", "002", "003", "004") for e in run(number).entities}
    assert not kinds & {"district", "commune", "town"}


def test_entities_come_from_the_main_text_only() -> None:
    paths = {e.path for e in run("001").entities} | {e.path for e in run("003").entities}
    assert not any("2461" in p or "07-ct-ttg" in p or "quan-son" in p for p in paths)


# --- score against the gold annotation -------------------------------------------------------


def test_recall_and_precision_against_the_gold_annotation() -> None:
    gold_path = ROOT / "tests" / "gold" / "measurements.csv"
    if not gold_path.exists():
        pytest.skip("no gold annotation in this checkout")
    from graph.build import reference_lookup
    from graph.evaluation import evaluate, load_gold
    from graph.iris import Minter
    from graph.table import rows_from_extraction

    rows, minter = [], Minter()
    lookup = reference_lookup(minter)
    for number in ("000", "001", "002", "003", "004"):
        for row in rows_from_extraction(run(number), minter, lookup):
            rows.append({k: "" if v is None else str(v) for k, v in asdict(row).items()})
    report = evaluate(load_gold(gold_path), rows)
    assert report.overall.recall >= 0.95, str(report)
    assert report.overall.precision >= 0.95, str(report)
    for attribute in ("unit", "area", "status", "value_max", "qualifier"):
        agree, compared = report.agreement[attribute]
        assert agree >= 0.95 * compared, (attribute, str(report))


def test_extract_takes_a_document_and_is_deterministic() -> None:
    document = run("002").document
    first, second = extract(document), extract(document)
    assert first.measurements == second.measurements == run("002").measurements
    assert first.entities == second.entities
