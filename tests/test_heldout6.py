"""The sixth held-out set: eight unseen articles and their blind gold annotation.

Why: the first five held-out sets have each been used to tune the extractor after their blind run.
These eight articles (two periods compared, a forecast for 2026, a print e-paper on the merged
2026-2035 programme, a Dao village, figures in words, monthly support levels, loans whose interest
rates are not measurements, a post-merger commune) were annotated without looking at the extractor
and frozen (sha256 in the README) before it first ran on them. The checks of the earlier sets are
reused; this set adds a reading of number words ("gần hai nghìn hộ", "một phần ba") and no span in
an inline "ĐỌC THÊM" block or a print jump line. The last test holds the real extractor to the
blind scores rounded down to 5%.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from heldout_checks import (
    assert_areas_outside_the_gazetteer_noted,
    assert_floors,
    assert_frozen,
    assert_gold_scores_itself,
    assert_no_duplicate_rows,
    assert_readme_row_counts,
    extract_and_score,
)
from test_heldout import COLUMNS, PLACES
from test_heldout5 import row_problems as fifth_set_row_problems

from graph.evaluation import EvaluationReport, load_gold

ROOT = Path(__file__).resolve().parents[1]
HELDOUT6 = ROOT / "tests" / "heldout6"
ARTICLES = HELDOUT6 / "articles"
GOLD = HELDOUT6 / "measurements.csv"
README = HELDOUT6 / "README.md"

# Regression floors. The blind run (README, "Measured": 2026-11-23 02:25 UTC, HEAD d881f1f plus
# the fifth round's uncommitted extractor) scored recall 89.29%, precision 91.46%, area 60.0%,
# period 84.7%; the sixth tuning round (README, "Second run") raised them, and the floors are
# the second run's scores rounded down to 5%. They catch regressions; they are not targets.
RECALL_FLOOR = 0.95  # second run 164/168 = 97.62% (blind 89.29%)
PRECISION_FLOOR = 0.95  # second run 164/171 = 95.91% (blind 91.46%)
AGREEMENT_FLOORS = {  # over the 164 matched pairs, same rounding
    "value_max": 1.00,  # 164/164
    "unit": 0.95,  # 162/164 = 98.8%
    "area": 0.95,  # 161/164 = 98.2% (blind 60.0%)
    "period": 0.85,  # 144/164 = 87.8% (blind 84.7%)
    "status": 0.95,  # 163/164 = 99.4%
    "qualifier": 1.00,  # 164/164
}

# Where the main text of each article ends: the byline, or what follows the article when the
# byline is at the top (y02: the keyword line; y06: the comment counter).
MAIN_TEXT_ENDS = {
    "y01_vnexpress-cao-bang-hai-giai-doan-2026.txt": "\nĐức Hùng\n",
    "y02_tuoitre-hung-yen-du-bao-2026.txt": "\nTừ khóa:",
    "y03_bao-thai-nguyen-ban-in-2026-2035.txt": "\nMAI HOA\n",
    "y04_hoi-phu-nu-bac-kan-thon-dao-2024.txt": "\nHoàng Thu Trang (Hội LHPN huyện Na Rì)\n",
    "y05_cong-tt-huyen-tam-dao-2024.txt": (
        "\nNguyễn Thu Hà - Trung tâm Văn hóa, Thông tin và Thể thao huyện\n"
    ),
    "y06_thanhnien-bac-lieu-muc-ho-tro-2024.txt": "\nBình luận (0)\n",
    "y07_bao-hai-duong-vay-viec-lam-2024.txt": "\nTHÀNH CHUNG\n",
    "y08_xa-to-hap-khanh-hoa-2025.txt": "\nPhòng Văn hóa - Xã hội xã Tô Hạp\n",
}
# y02 carries an upper-case "ĐỌC THÊM" block of related headlines between two paragraphs (up to
# the blank line); y03, a print page, carries jump lines "(Xem tiếp trang 3)" / "(Tiếp theo
# trang 1)". None of it is the article's own text.
INLINE_RELATED = "ĐỌC THÊM\n"
JUMP_LINE = re.compile(r"^\((Xem tiếp|Tiếp theo) trang \d+\)$")
_IN_INLINE_BLOCK = "span is in an inline related-news block"
_IN_JUMP_LINE = "span is in a print jump line"
_SHA256_LINE = re.compile(r"^`([0-9a-f]{64})`\s+`([^`]+)`$", re.MULTILINE)

# Vietnamese number words: digits, the tens/hundreds/thousands words, the fillers of "một trăm
# linh năm", and "phần"/"nửa" for fractions ("một phần ba", "một nửa").
_DIGIT_WORDS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
_SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9}
_NUMBER_WORDS = {*_DIGIT_WORDS, *_SCALES, "mươi", "trăm", "linh", "lẻ", "phần", "nửa"}
# The first set's value checks, which read digits (and only a first small number word).
_DIGIT_VALUE_CHECKS = ("value ", "the quote states several numbers", "a zero must come from")


def _integer(words: list[str]) -> int | None:
    """``["hai", "nghìn", "ba", "trăm"]`` -> 2300; ``None`` when the words make no number."""
    total = small = last = 0
    seen = False
    for word in words:
        if word in _DIGIT_WORDS:
            last = _DIGIT_WORDS[word]
            small += last
            seen = True
        elif word == "mươi":
            small += last * 9  # "ba mươi": the 3 just added becomes 30
            last = 0
        elif word == "trăm":
            small += last * 99
            last = 0
        elif word in _SCALES:
            total += (small or 1) * _SCALES[word]
            small = last = 0
            seen = True
    return total + small if seen else None


def spoken_number(quote: str) -> Fraction | None:
    """The number a quote says in words: the first run of number words, read as an integer
    ("gần hai nghìn hộ" -> 2000) or a fraction ("một phần ba" -> 1/3, "một nửa" -> 1/2)."""
    words = re.findall(r"\w+", quote.lower())
    start = next((i for i, w in enumerate(words) if w in _DIGIT_WORDS or w == "nửa"), None)
    if start is None:
        return None
    run: list[str] = []
    for word in words[start:]:
        if word not in _NUMBER_WORDS:
            break
        run.append(word)
    if "nửa" in run:
        return Fraction(1, 2) if run[: run.index("nửa")] in ([], ["một"]) else None
    if "phần" in run:
        cut = run.index("phần")
        numerator, denominator = _integer(run[:cut]), _integer(run[cut + 1 :])
        if not numerator or not denominator:
            return None
        return Fraction(numerator, denominator)
    number = _integer(run)
    return None if number is None else Fraction(number)


def spoken_value(quote: str, unit: str) -> Decimal | None:
    """The ``value`` a quote in words gives: a fraction of a share is a percent rounded to two
    decimals, as shares are printed ("một phần ba" -> 33.33)."""
    number = spoken_number(quote)
    if number is None:
        return None
    if unit == "percent" and number.denominator != 1:
        number *= 100
    exact = Decimal(number.numerator) / Decimal(number.denominator)
    return exact if number.denominator == 1 else exact.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _rows() -> list[dict[str, str]]:
    return load_gold(GOLD)


def _texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}


def _block_of(text: str, start: int) -> str:
    """The paragraph (text between blank lines) that holds offset ``start``."""
    begin = text.rfind("\n\n", 0, start)
    end = text.find("\n\n", start)
    return text[begin + 2 if begin >= 0 else 0 : end if end >= 0 else len(text)]


def _spoken_problems(row: dict[str, str]) -> list[str]:
    """Checks of a row whose quote says its number in words (no digit, not a zero)."""
    said = spoken_value(row["quote"], row["unit"])
    if said is None:
        return [f"no number, in digits or words, in the quote {row['quote']!r}"]
    problems = []
    if Decimal(row["value"]) != said:
        problems.append(f"value {row['value']} is not the number the quote says in words ({said})")
    if row["value_max"] or row["out_of"]:
        problems.append("a quote in words states one number: no value_max or out_of")
    return problems


def row_problems(
    row: dict[str, str], texts: dict[str, str], ends: dict[str, str] = MAIN_TEXT_ENDS
) -> list[str]:
    """Everything wrong with one row: the earlier sets' checks with this set's main-text ends,
    their value checks replaced by a reading of number words when the quote has no digit, plus
    this set's own: no span in an inline related-news block or a print jump line."""
    problems = fifth_set_row_problems(row, texts, ends)
    quote, value = row.get("quote", ""), row.get("value", "")
    in_words = not re.search(r"\d", quote) and value not in ("", "0")
    if in_words and not any(p.startswith("value is not a") for p in problems):
        problems = [p for p in problems if not p.startswith(_DIGIT_VALUE_CHECKS)]
        problems += _spoken_problems(row)
    text = texts.get(row.get("document", ""))
    try:
        start, end = int(row["start"]), int(row["end"])
    except (KeyError, ValueError):
        return problems
    if text is None or text[start:end] != quote:
        return problems  # already reported
    if _block_of(text, start).startswith(INLINE_RELATED):
        problems.append(_IN_INLINE_BLOCK)
    line = text[text.rfind("\n", 0, start) + 1 : text.find("\n", end)]
    if JUMP_LINE.match(line):
        problems.append(_IN_JUMP_LINE)
    return problems


def recorded_hashes() -> dict[str, str]:
    """The sha256 of each frozen file, as the README records it (path relative to heldout6/)."""
    return {path: digest for digest, path in _SHA256_LINE.findall(README.read_text("utf-8"))}


# --- numbers in words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("gần hai nghìn hộ", Fraction(2000)),
        ("hơn ba trăm hộ thoát nghèo", Fraction(300)),
        ("gần bốn trăm lao động", Fraction(400)),
        ("hai nghìn ba trăm hộ", Fraction(2300)),
        ("ba mươi lăm xã", Fraction(35)),
        ("mười hai hộ", Fraction(12)),
        ("một trăm linh năm hộ", Fraction(105)),
        ("hai mươi mốt hộ", Fraction(21)),
        ("ba triệu đồng", Fraction(3_000_000)),
        ("Khoảng một phần ba", Fraction(1, 3)),
        ("hai phần ba số hộ", Fraction(2, 3)),
        ("gần một nửa", Fraction(1, 2)),
        ("không còn hộ nghèo", None),
        ("hộ nghèo", None),
        ("phần lớn hộ nghèo", None),
        ("ba phần", None),
    ],
)
def test_spoken_number_reads_vietnamese_number_words(quote: str, expected: Fraction | None) -> None:
    assert spoken_number(quote) == expected


def test_a_fraction_of_a_share_is_a_percent_rounded_like_a_printed_share() -> None:
    assert spoken_value("một phần ba", "percent") == Decimal("33.33")
    assert spoken_value("hai phần ba", "percent") == Decimal("66.67")
    assert spoken_value("gần một nửa", "percent") == Decimal(50)
    assert spoken_value("gần hai nghìn hộ", "household") == Decimal(2000)


# --- the annotation is sound -----------------------------------------------------------------


def test_header_is_the_gold_one() -> None:
    with GOLD.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == COLUMNS


def test_eight_articles_all_annotated_and_nothing_else() -> None:
    texts = _texts()
    assert len(texts) == 8
    assert set(MAIN_TEXT_ENDS) == set(texts)
    assert {r["document"] for r in _rows()} == set(texts)


def test_between_120_and_170_statements() -> None:
    assert 120 <= len(_rows()) <= 170


def test_articles_are_nfc_and_each_main_text_end_is_found_once() -> None:
    for name, text in _texts().items():
        assert unicodedata.is_normalized("NFC", text), name
        assert text.count(MAIN_TEXT_ENDS[name]) == 1, name


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['document'][:3]}:{r['start']}")
def test_row_is_sound(row: dict[str, str]) -> None:
    assert row_problems(row, _texts()) == []


def test_some_rows_say_their_number_in_words_and_some_zeros_have_no_digit() -> None:
    rows = _rows()
    in_words = [r for r in rows if not re.search(r"\d", r["quote"]) and r["value"] != "0"]
    zeros = [r for r in rows if r["value"] == "0"]
    assert len(in_words) >= 5 and len(zeros) >= 2


_NAME = "y05_cong-tt-huyen-tam-dao-2024.txt"
_TEXT = (
    "Tiêu đề\n\nNăm 2024, huyện có gần hai nghìn hộ nghèo và 862 hộ nghèo.\n\n"
    "ĐỌC THÊM\nHuyện còn 862 hộ nghèo\n\n(Xem tiếp trang 862)\n\n"
    "Người dân nhận bò. Ảnh: TĐ 862 hộ nghèo\n\n"
    "Nguyễn Thu Hà - Trung tâm Văn hóa, Thông tin và Thể thao huyện\n\nTin đã đăng:\n862 hộ\n"
)


def _row(quote: str, occurrence: int = 0, **change: str) -> dict[str, str]:
    start = [m.start() for m in re.finditer(re.escape(quote), _TEXT)][occurrence]
    row = dict.fromkeys(COLUMNS, "")
    row |= {
        "document": _NAME, "start": str(start), "end": str(start + len(quote)), "quote": quote,
        "area": "district/vinh-phuc/tam-dao", "indicator": "poor households", "value": "862",
        "unit": "household", "period": "2024", "status": "actual",
    }  # fmt: skip
    return row | change


def test_a_sound_row_in_digits_and_one_in_words_pass_with_this_sets_ends() -> None:
    texts = {_NAME: _TEXT}
    words = _row("gần hai nghìn hộ", value="2000", qualifier="nearly")
    assert row_problems(_row("862 hộ nghèo"), texts) == []
    assert row_problems(words, texts) == []
    assert fifth_set_row_problems(words, texts, MAIN_TEXT_ENDS) != []  # why the wrapper exists
    assert row_problems(_row("862 hộ nghèo"), texts, ends={}) != []  # the ends are this set's


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"value": "200"}, "is not the number the quote says in words (2000)"),
        ({"value_max": "3000"}, "no value_max or out_of"),
        ({"start": "0"}, "is not at"),
    ],
)
def test_a_wrong_row_in_words_is_caught(change: dict[str, str], expected: str) -> None:
    row = _row("gần hai nghìn hộ", value="2000") | change
    problems = row_problems(row, {_NAME: _TEXT})
    assert any(expected in p for p in problems), problems


def test_a_quote_with_neither_digits_nor_number_words_is_caught() -> None:
    row = _row("hộ nghèo", value="862")
    assert "no number, in digits or words" in " ".join(row_problems(row, {_NAME: _TEXT}))


def test_a_span_in_the_inline_block_a_jump_line_a_caption_or_after_the_byline_is_caught() -> None:
    texts = {_NAME: _TEXT}
    assert row_problems(_row("862 hộ nghèo", 1), texts) == [_IN_INLINE_BLOCK]
    jump = _row("862", 2)
    assert _IN_JUMP_LINE in row_problems(jump, texts)
    caption = row_problems(_row("862 hộ nghèo", 2), texts)
    assert "span is in an image name or photo caption" in caption
    assert "span is not in the main text" in row_problems(_row("862 hộ", 3), texts)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"start": "x"}, "bad span"),
        ({"value": "86"}, "is not the first number"),
        ({"value": "0"}, "a zero must come from"),
        ({"unit": "households"}, "unit 'households'"),
        ({"status": "planned"}, "status 'planned'"),
        ({"qualifier": "roughly"}, "qualifier 'roughly'"),
        ({"funding_source": "central-budget"}, "not money"),
        ({"area": "Tam Đảo"}, "not an area path"),
        ({"period": "2024-2021"}, "out of order"),
        ({"document": "y99_unknown.txt"}, "no article"),
    ],
)
def test_the_reused_checks_still_catch_a_broken_row(change: dict[str, str], expected: str) -> None:
    problems = row_problems(_row("862 hộ nghèo") | change, {_NAME: _TEXT})
    assert any(expected in p for p in problems), problems


def test_no_duplicate_rows() -> None:
    assert_no_duplicate_rows(_rows())


def test_areas_outside_the_gazetteer_are_noted_in_the_readme() -> None:
    assert_areas_outside_the_gazetteer_noted(PLACES, README, _rows())


def test_readme_row_counts_match_the_file() -> None:
    assert_readme_row_counts(README, _rows(), "y")


def test_annotation_and_articles_are_the_frozen_ones() -> None:
    """Any change to the gold or an article after the freeze must be visible (and explained)."""
    assert_frozen(HELDOUT6, recorded_hashes(), list(MAIN_TEXT_ENDS))


def test_gold_scores_perfectly_against_itself_and_a_wrong_value_does_not_match() -> None:
    assert_gold_scores_itself(_rows())


# --- the extractor on unseen articles ----------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> EvaluationReport:
    """Run ``povkg extract`` on the articles and score it against the frozen annotation."""
    return extract_and_score(ARTICLES, _rows())


def test_extractor_holds_the_regression_floors(report: EvaluationReport) -> None:
    assert_floors(report, set(MAIN_TEXT_ENDS), RECALL_FLOOR, PRECISION_FLOOR, AGREEMENT_FLOORS)
