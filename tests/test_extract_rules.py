"""The parts of the pipeline one at a time: sentences, periods, status, places, figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from graph.documents import document_from_text
from graph.extract import extract
from graph.extract import status as st
from graph.extract.mentions import figures, quoted_names
from graph.extract.periods import TimeContext, find_periods, period_in_sentence
from graph.extract.text import paragraphs
from graph.facts import Period
from graph.gazetteer import gazetteer

PROGRAM = Period(2021, 2025)


def doc(text: str, name: str = "t.txt"):
    return document_from_text(text, name)


def measurements(text: str):
    return extract(doc(text)).measurements


# --- sentences and clauses ------------------------------------------------------------------


def test_sentences_clauses_and_headings() -> None:
    d = doc(
        "Năm 2023, 100% hộ nghèo có nhà ở an toàn\n“Từ năm 2023, A có 5 hộ.” - Đây là mục tiêu."
        " TP. Hồ Chí Minh có 3 hộ; Hà Nội có 2 hộ."
    )
    heading, body = paragraphs(d)
    assert heading.heading and not body.heading
    texts = [d.text[s.start : s.end] for s in body.sentences]
    assert texts == [
        "“Từ năm 2023, A có 5 hộ.”",
        "- Đây là mục tiêu.",
        "TP. Hồ Chí Minh có 3 hộ; Hà Nội có 2 hộ.",
    ]
    last = body.sentences[2]
    assert [d.text[a:b] for a, b in last.clauses] == [
        "TP. Hồ Chí Minh có 3 hộ;",
        " Hà Nội có 2 hộ.",
    ]


# --- periods --------------------------------------------------------------------------------


def periods(text: str, published: date | None = None, plans=()):
    ctx = TimeContext(published, PROGRAM, tuple(plans))
    return find_periods(text, 0, len(text), ctx)


@pytest.mark.parametrize(
    ("text", "code", "attached", "current"),
    [
        ("năm 2021, toàn tỉnh", "2021", False, False),
        ("Đến hết năm 2024, hộ nghèo", "2024", False, False),
        ("vào cuối năm 2025.", "2025", False, False),
        ("Giai đoạn 2021 - 2024, toàn tỉnh", "2021-2024", False, False),
        ("từ năm 2021 đến năm 2023", "2021-2023", False, False),
        ("số hộ nghèo đầu kỳ là", "2021", False, False),
        ("theo chuẩn nghèo đa chiều giai đoạn 2021-2025", "2021-2025", True, False),
        (
            "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025",
            "2021-2025",
            True,
            False,
        ),
        ("giảm 0,1% so với năm 2022", "2022", True, False),
        ("giảm 3,6 điểm phần trăm so với cuối năm 2023", "2023", True, False),
        ("định hướng đến năm 2030", "2030", True, False),
        ("6 tháng đầu năm 2024, toàn tỉnh", "2024", False, True),  # reported so far
        ("Đến ngày 31/8/2023, toàn tỉnh", "2023", False, True),
    ],
)
def test_period_expressions(text: str, code: str, attached: bool, current: bool) -> None:
    (p,) = periods(text)
    assert (p.period.code, p.attached, p.current) == (code, attached, current)


def test_now_is_the_publication_year_or_unknown() -> None:
    (dated,) = periods("Đến nay, tỉnh có", date(2025, 12, 4))
    (undated,) = periods("Toàn tỉnh hiện có 106/108 xã")
    assert (dated.period, dated.current) == (Period(2025, 2025), True)
    assert (undated.period, undated.current) == (None, True)
    assert periods("các xã thực hiện có hiệu quả") == []  # "thực hiện có" is not "hiện có"
    (since,) = periods("Từ năm 2021 đến nay, tỉnh đã", date(2024, 5, 1))
    assert since.period == Period(2021, 2024)


def test_since_a_year_is_the_plan_period_that_starts_then() -> None:
    assert periods("Từ năm 2023, 100% hộ", plans=[Period(2023, 2025)])[0].period == Period(
        2023, 2025
    )
    assert periods("Từ năm 2023, 100% hộ")[0].period == Period(2023, 2023)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("giai đoạn 2021 - 2015", Period(2021, 2025)),  # typo: same decade
        ("giai đoạn 2025 - 2021", None),  # no repair ends after the start: dropped
    ],
)
def test_periods_that_end_before_they_start(text: str, expected: Period | None) -> None:
    found = periods(text)
    if expected is None:
        assert found == []
    else:
        (p,) = found
        assert (p.period, p.repaired) == (expected, text)


def test_a_figure_takes_the_period_after_it_in_its_clause_else_the_one_before() -> None:
    text = "Năm 2022 là 5%, giảm xuống còn 3% vào cuối năm 2024"
    found = periods(text)
    first, second = text.index("5%"), text.index("3%")
    starts = [first, second]
    assert period_in_sentence(text, found, first, first + 2, starts).period == Period(2022, 2022)
    assert period_in_sentence(text, found, second, second + 2, starts).period == Period(2024, 2024)


# --- status ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Năm 2025, tỉnh phấn đấu giảm 2% tỷ lệ hộ nghèo.", "target"),
        ("Dự kiến, tỷ lệ hộ nghèo sẽ giảm xuống 1,5% vào cuối năm.", "forecast"),
        ("Ước đến hết năm, tỷ lệ hộ nghèo còn 2%.", "forecast"),
        ("Tỷ lệ hộ nghèo giảm 2,66%, vượt mục tiêu đề ra.", "actual"),
        (
            "Tỉnh đã giải ngân vốn Chương trình mục tiêu quốc gia giảm nghèo bền vững,"
            " đạt 41% kế hoạch.",
            "actual",
        ),
        ("Toàn huyện giảm 3,91% hộ nghèo, đạt 111,7% chỉ tiêu kế hoạch.", "actual"),
    ],
)
def test_status_cues(text: str, status: str) -> None:
    assert {m.status for m in measurements(text)} == {status}


def test_a_year_not_over_at_publication_is_a_target_unless_reached() -> None:
    assert (
        measurements(" date 2023-04-21 Năm 2023, 100% hộ nghèo có nhà ở an toàn.")[0].status
        == "target"
    )
    assert (
        measurements(" date 2023-04-21 Năm 2023, tỉnh đã hỗ trợ 120 căn nhà.")[0].status == "actual"
    )
    assert measurements(" date 2023-12-20 Năm 2023, tỉnh hỗ trợ 120 căn nhà.")[0].status == "actual"
    assert measurements(" date 2023-04-21 Năm 2022, tỉnh hỗ trợ 120 căn nhà.")[0].status == "actual"
    assert measurements("Năm 2030, tỉnh hỗ trợ 120 căn nhà.")[0].status == "actual"  # undated


def test_decide_orders_the_signals() -> None:
    p, day = Period(2025, 2025), date(2025, 3, 1)
    assert st.decide("forecast", True, True, p, False, day, False) == "forecast"
    assert st.decide(None, False, True, None, False, None, False) == "target"
    assert st.decide(None, False, False, p, False, day, False) == "target"
    assert st.decide(None, False, False, p, True, day, False) == "actual"
    assert st.decide(None, False, False, p, False, day, True) == "actual"
    assert st.decide(None, False, False, None, False, day, False) == "actual"


def test_a_section_of_objectives_runs_to_the_next_heading() -> None:
    text = (
        "Mục tiêu cụ thể của tỉnh là giảm tỷ lệ hộ nghèo.\n"
        "Chiều thiếu hụt về y tế, 100% hộ nghèo được cấp thẻ bảo hiểm y tế.\n"
        "Giải pháp thực hiện\n"
        "Năm 2022, 95% hộ nghèo được cấp thẻ bảo hiểm y tế.\n"
    )
    assert [m.status for m in measurements(text)] == ["target", "actual"]


def test_a_sentence_saying_this_is_the_target() -> None:
    text = (
        "“Từ năm 2023, 100% hộ nghèo được đảm bảo có nhà ở an toàn.”"
        " - Đây là mục tiêu chính của Kế hoạch."
    )
    assert measurements(text)[0].status == "target"


# --- places ---------------------------------------------------------------------------------


def test_gazetteer_resolves_names_by_date_and_old_mark() -> None:
    gaz = gazetteer()
    text = "tỉnh Bắc Ninh và Bắc Ninh (cũ)"
    bare, old = gaz.find(text)
    assert gaz.resolve(bare, date(2023, 4, 21)).path == "province/bac-ninh-pre-2025"
    assert gaz.resolve(bare, date(2025, 12, 4)).path == "province/bac-ninh"
    assert gaz.resolve(old, date(2025, 12, 4)).path == "province/bac-ninh-pre-2025"
    assert gaz.resolve(bare, None).path == "province/bac-ninh"  # no date: the current unit
    assert gaz.find("Chủ tịch Hồ Chí Minh") == []  # a person, not the city
    assert gaz.find("đường Trần Phú") == []  # a bare commune name is too ambiguous
    (city,) = gaz.find("thành phố Bắc Kạn")
    assert (city.level, city.candidates) == ("district", ())


def test_area_of_a_district_and_of_a_town() -> None:
    text = (
        "Tỉnh Bắc Kạn có 18.000 hộ nghèo.\n"
        "Tại huyện Na Rì, năm 2023 toàn huyện giảm 3,9% hộ nghèo. Toàn tỉnh giảm 2,7% hộ nghèo.\n"
        "Thị trấn Đồng Tâm (huyện Chợ Mới) còn 73 hộ nghèo."
        " Năm 2024, địa phương phấn đấu giảm 5 hộ nghèo.\n"
    )
    assert [m.area for m in measurements(text)] == [
        "province/bac-kan",
        "district/bac-kan/na-ri",
        "province/bac-kan",
        "commune/bac-kan/cho-moi/dong-tam",
        "commune/bac-kan/cho-moi/dong-tam",
    ]


def test_a_place_after_the_figure_only_when_introduced() -> None:
    text = (
        " date 2023-05-01 Tỉnh Lào Cai giảm 120 hộ nghèo tại huyện Bát Xát; toàn tỉnh còn 15 hộ"
        " nghèo và huyện Si Ma Cai có 30 hộ nghèo, tỉnh Lào Cai hỗ trợ 20 hộ nghèo và 9 hộ."
    )
    assert [m.area for m in measurements(text)] == [
        "district/lao-cai/bat-xat",
        "province/lao-cai",
        "district/lao-cai/si-ma-cai",
        "province/lao-cai",
        "province/lao-cai",
    ]


# --- figures --------------------------------------------------------------------------------


def test_quoted_names_hold_no_figures() -> None:
    text = (
        "tập trung triển khai Cuộc vận động Xây dựng gia đình “5 không, 3 sạch”"
        " và hỗ trợ 30 hộ nghèo."
    )
    (span,) = quoted_names(text, 0, len(text))
    assert text[span[0] : span[1]] == "“5 không, 3 sạch”"
    assert [m.value for m in measurements(text)] == [Decimal(30)]


@pytest.mark.parametrize(
    "text",
    [
        "Tỉnh có 1 thành phố, 7 huyện.",  # the make-up of a province
        "Kết quả đạt được từ 7 dự án trọng tâm của Chương trình.",  # the program's components
        "8/8 trung tâm được trang bị 1 bộ thiết bị.",  # "1 bộ" per item (the 8/8 stays)
        "Mỗi hộ nghèo được hỗ trợ 2 con bò giống.",  # per item
        "Trẻ em dưới 16 tuổi được cấp thẻ miễn phí.",
        "Hội nghị diễn ra ngày 21/9 tại số 36 đường Bạch Đằng.",
    ],
)
def test_not_measurements(text: str) -> None:
    values = [m.value for m in measurements(text)]
    assert values in ([], [Decimal(8)])


def test_share_in_parentheses_shares_the_count_indicator() -> None:
    (count, share) = measurements(
        "Toàn tỉnh có 106/108 xã (98,1%) đạt tiêu chí quốc gia về y tế xã."
    )
    assert count.indicator == share.indicator == "indicator/communes-meeting-health-criteria"
    assert (count.out_of, share.unit) == (Decimal(108), "unit/percent")


def test_figures_skip_excluded_spans() -> None:
    d = doc("Năm 2023 hỗ trợ 30 hộ nghèo và 40 hộ cận nghèo.")
    (paragraph,) = paragraphs(d)
    (sentence,) = paragraph.sentences
    start = d.text.index("30")
    assert [f.value for f in figures(d.text, sentence, [(start, start + 2)])] == [Decimal(40)]


def test_anaphora_takes_the_subject_of_the_sentence_before() -> None:
    text = (
        "Tỷ lệ hộ nghèo năm 2024 là 1,2%. Dự kiến, con số này sẽ giảm xuống 0,8% vào cuối năm 2025."
    )
    assert [m.indicator for m in measurements(text)] == ["indicator/poverty-rate"] * 2
