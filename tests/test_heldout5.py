"""The fifth held-out set: eight unseen articles and their blind gold annotation.

Why: the first four held-out sets have each been looked at while the extractor was tuned, so none
of them still measures text it has never seen. These eight articles (a speech quoted at length on
a provincial portal, a quarterly report, a near-poor piece on a radio station's site, a
health-insurance piece, a national daily's policy-credit piece with overdue ratios, a housing
campaign with support levels per house, a ministry portal's piece mixing old and new provinces
after 1 July 2025, and a table written as prose) were written and annotated without looking at
the extractor, and the annotation was frozen (sha256 in the README) before the extractor first
ran on them. The first tests check that the annotation is sound and still the frozen one,
reusing the checks of the earlier sets; the last one runs the real extractor and holds it to
regression floors: the scores after the fifth round of tuning (which learnt from this set),
rounded down to 5%; the blind scores stay recorded in the README.
"""

from __future__ import annotations

import csv
import re
import unicodedata
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
from test_heldout4 import row_problems as fourth_set_row_problems

from graph.evaluation import EvaluationReport, load_gold

ROOT = Path(__file__).resolve().parents[1]
HELDOUT5 = ROOT / "tests" / "heldout5"
ARTICLES = HELDOUT5 / "articles"
GOLD = HELDOUT5 / "measurements.csv"
README = HELDOUT5 / "README.md"

# Regression floors: the second run (README, "Second run": after the fifth tuning round, which
# learnt from this set), rounded down to 5%. The blind run (README, "Measured": 2026-11-23 01:56
# UTC, HEAD d881f1f plus the fourth round's uncommitted extractor) stays recorded in the README:
# recall 88.02%, precision 97.35%. The floors catch regressions; they are not targets.
RECALL_FLOOR = 0.95  # second run 165/167 = 98.80% (blind 147/167 = 88.02%)
PRECISION_FLOOR = 1.00  # 165/165 (blind 147/151 = 97.35%)
AGREEMENT_FLOORS = {  # over the 165 matched pairs, same rounding (blind figures in brackets)
    "value_max": 1.00,  # 165/165 (147/147)
    "unit": 0.95,  # 164/165 = 99.4% (97.3%)
    "area": 0.95,  # 162/165 = 98.2% (93.9%)
    "period": 0.95,  # 162/165 = 98.2% (83.0%)
    "status": 1.00,  # 165/165 (98.0%)
    "qualifier": 1.00,  # 165/165 (99.3%)
}

# Where the main text of each article ends: the byline, or the related-news heading when the
# byline is at the top (w04). Related news follows it.
MAIN_TEXT_ENDS = {
    "w01_bac-giang-cong-tt-phat-bieu-2025.txt": "\nTin: Thu Hương; Ảnh: Minh Đức\n",
    "w02_binh-dinh-quy-iii-2024.txt": "\nHOÀI THU\n",
    "w03_nam-dinh-ptth-can-ngheo-2024.txt": "\nHồng Nhung - Văn Tuấn\n",
    "w04_dak-lak-bao-hiem-y-te-2025.txt": "\nBài viết liên quan\n",
    "w05_baotintuc-ben-tre-tin-dung-2024.txt": "\nMinh Thư/Báo Tin tức\n",
    "w06_phu-yen-xoa-nha-tam-2025.txt": "\nTHANH NGỌC - XUÂN HIỀN\n",
    "w07_bo-nnmt-dong-thap-sau-sap-nhap-2025.txt": "\nBích Ngọc - Lê Hiếu\n",
    "w08_ha-nam-so-lieu-huyen-2024.txt": "\nThanh Hà\n",
}
# w06 carries a "Xem thêm:" block of related headlines inside the main text: the heading line
# and the list lines under it, up to the next blank line. None of it is the article's own text.
INLINE_RELATED = "Xem thêm"
_IN_INLINE_BLOCK = "span is in an inline related-news block"
_SHA256_LINE = re.compile(r"^`([0-9a-f]{64})`\s+`([^`]+)`$", re.MULTILINE)


def _rows() -> list[dict[str, str]]:
    return load_gold(GOLD)


def _texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}


def _block_of(text: str, start: int) -> str:
    """The paragraph (text between blank lines) that holds offset ``start``."""
    begin = text.rfind("\n\n", 0, start)
    end = text.find("\n\n", start)
    return text[begin + 2 if begin >= 0 else 0 : end if end >= 0 else len(text)]


def row_problems(
    row: dict[str, str], texts: dict[str, str], ends: dict[str, str] = MAIN_TEXT_ENDS
) -> list[str]:
    """Everything wrong with one row: the earlier sets' checks with this set's main-text ends,
    plus this set's own: no span in an inline related-news block."""
    problems = fourth_set_row_problems(row, texts, ends)
    text = texts.get(row.get("document", ""))
    try:
        start, end = int(row["start"]), int(row["end"])
    except (KeyError, ValueError):
        return problems
    if text is None or text[start:end] != row.get("quote"):
        return problems  # already reported
    if _block_of(text, start).startswith(INLINE_RELATED):
        problems.append(_IN_INLINE_BLOCK)
    return problems


def recorded_hashes() -> dict[str, str]:
    """The sha256 of each frozen file, as the README records it (path relative to heldout5/)."""
    return {path: digest for digest, path in _SHA256_LINE.findall(README.read_text("utf-8"))}


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


def _sound_row() -> tuple[dict[str, str], dict[str, str]]:
    name = "w06_phu-yen-xoa-nha-tam-2025.txt"
    text = (
        "Tiêu đề\n\nNăm 2025, huyện Sông Hinh có 512 căn nhà cần hỗ trợ.\n\n"
        "Xem thêm:\n- Sông Hinh còn 512 căn nhà tạm\n\n"
        "Người dân dựng nhà. Ảnh: PYO 512 căn nhà\n\n"
        "THANH NGỌC - XUÂN HIỀN\n\nTin cùng chuyên mục\n• Sông Hinh: 512 căn nhà\n"
    )
    start = text.index("512 căn nhà")
    row = dict.fromkeys(COLUMNS, "")
    row |= {
        "document": name, "start": str(start), "end": str(start + 11), "quote": "512 căn nhà",
        "area": "district/phu-yen/song-hinh", "indicator": "houses needing support",
        "value": "512", "unit": "house", "period": "2025", "status": "actual",
    }  # fmt: skip
    return row, {name: text}


def _moved(row: dict[str, str], text: str, occurrence: int) -> dict[str, str]:
    start = [m.start() for m in re.finditer("512 căn nhà", text)][occurrence]
    return row | {"start": str(start), "end": str(start + 11)}


def test_a_sound_row_passes_with_this_sets_main_text_ends() -> None:
    row, texts = _sound_row()
    assert row_problems(row, texts) == []
    assert row_problems(row, texts, ends={}) != []  # the ends are this set's own


def test_a_span_in_the_inline_block_a_caption_or_after_the_byline_is_caught() -> None:
    row, texts = _sound_row()
    text = texts[row["document"]]
    assert row_problems(_moved(row, text, 1), texts) == [_IN_INLINE_BLOCK]
    assert "span is in an image name or photo caption" in row_problems(_moved(row, text, 2), texts)
    assert "span is not in the main text" in row_problems(_moved(row, text, 3), texts)


def test_the_inline_block_ends_at_the_blank_line() -> None:
    text = "A\n\nXem thêm:\n- x 5 hộ\n- y\n\nNăm 2025 có 5 hộ.\n"
    assert _block_of(text, text.index("5 hộ")).startswith(INLINE_RELATED)
    assert _block_of(text, text.rindex("5 hộ")) == "Năm 2025 có 5 hộ.\n"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"start": "0"}, "is not at"),
        ({"start": "x"}, "bad span"),
        ({"value": "51"}, "is not the first number"),
        ({"value": "0"}, "a zero must come from"),
        ({"out_of": "500"}, "out_of"),
        ({"value_max": "600"}, "value_max"),
        ({"unit": "houses"}, "unit 'houses'"),
        ({"status": "planned"}, "status 'planned'"),
        ({"qualifier": "roughly"}, "qualifier 'roughly'"),
        ({"funding_source": "central-budget"}, "not money"),
        ({"area": "Sông Hinh"}, "not an area path"),
        ({"period": "2025-2021"}, "out of order"),
        ({"document": "w99_unknown.txt"}, "no article"),
    ],
)
def test_the_reused_checks_still_catch_a_broken_row(change: dict[str, str], expected: str) -> None:
    row, texts = _sound_row()
    problems = row_problems(row | change, texts)
    assert any(expected in p for p in problems), problems


def test_no_duplicate_rows() -> None:
    assert_no_duplicate_rows(_rows())


def test_areas_outside_the_gazetteer_are_noted_in_the_readme() -> None:
    assert_areas_outside_the_gazetteer_noted(PLACES, README, _rows())


def test_readme_row_counts_match_the_file() -> None:
    assert_readme_row_counts(README, _rows(), "w")


def test_annotation_and_articles_are_the_frozen_ones() -> None:
    """Any change to the gold or an article after the freeze must be visible (and explained)."""
    assert_frozen(HELDOUT5, recorded_hashes(), list(MAIN_TEXT_ENDS))


def test_gold_scores_perfectly_against_itself_and_a_wrong_value_does_not_match() -> None:
    assert_gold_scores_itself(_rows())


# --- the extractor on unseen articles ----------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> EvaluationReport:
    """Run ``povkg extract`` on the articles and score it against the frozen annotation."""
    return extract_and_score(ARTICLES, _rows())


def test_extractor_holds_the_regression_floors(report: EvaluationReport) -> None:
    assert_floors(report, set(MAIN_TEXT_ENDS), RECALL_FLOOR, PRECISION_FLOOR, AGREEMENT_FLOORS)
