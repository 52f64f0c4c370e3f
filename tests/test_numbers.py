"""Vietnamese numerals: `.` groups thousands, `,` is the decimal mark; multipliers, qualifiers,
ranges, fractions, per-units; and what must never parse as a quantity."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.numbers import Quantity, find_quantities, parse_number, parse_words

D = Decimal


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("28.484", D("28484")),
        ("3,47", D("3.47")),
        ("1.000", D("1000")),
        ("0,56", D("0.56")),
        ("100", D("100")),
        ("2.159", D("2159")),
        ("950.488", D("950488")),
        ("1.234.567", D("1234567")),
        ("1.234,5", D("1234.5")),
        ("68,7", D("68.7")),
        ("1,500,000", D("1500000")),  # English grouping, several comma groups
        ("2.5", D("2.5")),  # English decimal: a dot not followed by three digits
        ("05", D("5")),
    ],
)
def test_parse_number(token: str, value: Decimal) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize("token", ["", "abc", "1..2", "12.34.5", "3,4,5", "1.2345.678"])
def test_parse_number_rejects_what_is_not_a_numeral(token: str) -> None:
    with pytest.raises(ValueError):
        parse_number(token)


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("hai", 2),
        ("mười", 10),
        ("mười hai", 12),
        ("hai mươi", 20),
        ("hai mươi lăm", 25),
        ("ba mươi mốt", 31),
        ("một trăm", 100),
        ("một trăm linh năm", 105),
        ("ba nghìn", 3000),
    ],
)
def test_parse_words(words: str, value: int) -> None:
    assert parse_words(words) == Decimal(value)


@pytest.mark.parametrize("words", ["", "một năm", "hai hai", "mươi", "năm mốt mười", "hộ"])
def test_parse_words_rejects_what_is_not_one_number(words: str) -> None:
    with pytest.raises(ValueError):
        parse_words(words)


def one(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


# (text, span text, value, kind, qualifier, value_max, out_of, per)
CASES = [
    ("có 28.484 hộ nghèo", "28.484", "28484", "number", None, None, None, None),
    ("chiếm 3,47%.", "3,47%", "3.47", "percent", None, None, None, None),
    ("đạt 100%", "100%", "100", "percent", None, None, None, None),
    ("giảm xuống 0,56% theo", "0,56%", "0.56", "percent", None, None, None, None),
    (
        "tổng kinh phí hơn 1.174 tỷ đồng",
        "hơn 1.174 tỷ đồng",
        "1174000000000",
        "money",
        "more-than",
        None,
        None,
        None,
    ),
    (
        "đạt 950.488 triệu đồng, gồm",
        "950.488 triệu đồng",
        "950488000000",
        "money",
        None,
        None,
        None,
        None,
    ),
    (
        "huy động hơn 68,7 tỷ đồng",
        "hơn 68,7 tỷ đồng",
        "68700000000",
        "money",
        "more-than",
        None,
        None,
        None,
    ),
    ("hơn 1.174 tỷ cho", "hơn 1.174 tỷ", "1174000000000", "money", "more-than", None, None, None),
    ("1 tỷ 200 triệu đồng", "1 tỷ 200 triệu đồng", "1200000000", "money", None, None, None, None),
    (
        "gần 2 nghìn tỷ đồng",
        "gần 2 nghìn tỷ đồng",
        "2000000000000",
        "money",
        "nearly",
        None,
        None,
        None,
    ),
    (
        "đạt 44 triệu đồng/người/năm.",
        "44 triệu đồng/người/năm",
        "44000000",
        "money",
        None,
        None,
        None,
        "person-year",
    ),
    (
        "1,5 triệu đồng/người/tháng",
        "1,5 triệu đồng/người/tháng",
        "1500000",
        "money",
        None,
        None,
        None,
        "person-month",
    ),
    ("mức 50 triệu/hộ", "50 triệu/hộ", "50000000", "money", None, None, None, "household"),
    ("1,2 triệu người", "1,2 triệu", "1200000", "number", None, None, None, None),
    ("giảm 4% trở lên", "4% trở lên", "4", "percent", "at-least", None, None, None),
    ("còn dưới 1%", "dưới 1%", "1", "percent", "less-than", None, None, None),
    ("gần 13.200 lượt", "gần 13.200", "13200", "number", "nearly", None, None, None),
    ("khoảng 28% hộ", "khoảng 28%", "28", "percent", "about", None, None, None),
    ("trên 170 công trình", "trên 170", "170", "number", "more-than", None, None, None),
    ("ít nhất 30 hộ", "ít nhất 30", "30", "number", "at-least", None, None, None),
    (
        "tối đa 40 triệu đồng",
        "tối đa 40 triệu đồng",
        "40000000",
        "money",
        "at-most",
        None,
        None,
        None,
    ),
    ("từ 2% đến 2,5% theo", "từ 2% đến 2,5%", "2", "percent", None, "2.5", None, None),
    ("từ 2 - 2,5%", "từ 2 - 2,5%", "2", "percent", None, "2.5", None, None),
    ("1-1,5%/năm", "1-1,5%/năm", "1", "percent", None, "1.5", None, "year"),
    ("có 106/108 xã", "106/108", "106", "number", None, None, "108", None),
    # "đồng" starting "đồng bào" (compatriots) is no currency: a count of people follows
    (
        "có hơn 320.000 đồng bào Khmer",
        "hơn 320.000",
        "320000",
        "number",
        "more-than",
        None,
        None,
        None,
    ),
    ("50 triệu đồng thời", "50 triệu", "50000000", "number", None, None, None, None),
    # a qualifier may be followed by "là" ("tối thiểu là 75.000 tỷ đồng")
    (
        "tối thiểu là 75.000 tỷ đồng",
        "tối thiểu là 75.000 tỷ đồng",
        "75000000000000",
        "money",
        "at-least",
        None,
        None,
        None,
    ),
    (
        "từ 3 - 4 điểm phần trăm",
        "từ 3 - 4 điểm phần trăm",
        "3",
        "percentage-point",
        None,
        "4",
        None,
        None,
    ),
    ("2/8 huyện nghèo", "2/8", "2", "number", None, None, "8", None),
    (
        "giảm 1,5 điểm phần trăm",
        "1,5 điểm phần trăm",
        "1.5",
        "percentage-point",
        None,
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "span", "value", "kind", "qualifier", "value_max", "out_of", "per"), CASES
)
def test_find_quantities(
    text: str,
    span: str,
    value: str,
    kind: str,
    qualifier: str | None,
    value_max: str | None,
    out_of: str | None,
    per: str | None,
) -> None:
    q = one(text)
    assert text[q.start : q.end] == span
    assert q.value == Decimal(value)
    assert q.kind == kind
    assert q.qualifier == qualifier
    assert q.value_max == (Decimal(value_max) if value_max else None)
    assert q.out_of == (Decimal(out_of) if out_of else None)
    assert q.per == per


@pytest.mark.parametrize(
    "text",
    [
        "năm 2021",  # a year
        "giai đoạn 2021 - 2025",  # a period
        "giai đoạn 2021 - 2015",  # a period with a typo
        "Kế hoạch số 121/KH-UBND",  # a document number
        "Nghị định 07/2021/NĐ-CP",
        "Quyết định 2461/QĐ-BTNMT",
        "Việt Anh 21:41 21/04/2023",  # a time and a date
        "Sáng 23/8, UBND tỉnh",  # a day and month
        "ngày 2/9",
        "tháng 6/2024",
        "trẻ em dưới 16 tuổi",  # an age
        "sớm một năm",  # a duration in words
        "hơn 20 năm về trước",
        "trong 06 giờ tới",
        "OCOP 4 sao",  # a rating
        "Covid-19",  # a name with digits
        "Dự án 4 và Tiểu dự án 1",  # project numbers
        "lớp 9",  # a school grade
        "Quận 1",
        "QH15",
        "năm 2022 tỷ lệ hộ nghèo",  # "tỷ" of "tỷ lệ" is no multiplier
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text, words=True) == []


def test_offsets_index_the_given_text_and_respect_bounds() -> None:
    text = "Năm 2023 có 73 hộ; năm 2024 còn 68 hộ."
    found = find_quantities(text, 18)
    assert [text[q.start : q.end] for q in found] == ["68"]
    assert find_quantities(text, 0, 17)[0].value == Decimal(73)


def test_words_are_read_only_when_asked() -> None:
    text = "có hai huyện nghèo"
    assert find_quantities(text) == []
    (q,) = find_quantities(text, words=True)
    assert (q.value, q.from_words, text[q.start : q.end]) == (Decimal(2), True, "hai")


def test_several_quantities_in_order() -> None:
    text = "giảm xuống còn 8.308 hộ, tương đương 0,97% và 17 hộ"
    assert [q.value for q in find_quantities(text)] == [D(8308), D("0.97"), D(17)]
