"""The third held-out set: eight more unseen articles and their blind gold annotation.

Why: the first two held-out sets have been looked at while the extractor was being improved, so
they no longer measure text it has never seen. These eight articles (other provinces, outlets,
page layouts and phrasings: a mid-year report, a post-merger piece, a policy-credit piece, a
housing campaign, a bullet list, an interview, a national daily's feature, a jobs piece) were
written and annotated without looking at the extractor, and the annotation was frozen (sha256 in
the README) before the extractor first ran on them. The first tests check that the annotation is
sound and still the frozen one, reusing the checks of tests/test_heldout.py and
tests/test_heldout2.py; the last one runs the real extractor and holds it to regression floors
(the blind run is recorded in the README; since the set was then used for tuning, the floors
are the second run's scores rounded down to 5%).
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
from test_heldout2 import row_problems as second_set_row_problems

from graph.evaluation import EvaluationReport, load_gold

ROOT = Path(__file__).resolve().parents[1]
HELDOUT3 = ROOT / "tests" / "heldout3"
ARTICLES = HELDOUT3 / "articles"
GOLD = HELDOUT3 / "measurements.csv"
README = HELDOUT3 / "README.md"

# Regression floors. The blind run (README, "Measured": three runs on 2026-11-23 between 00:52
# and 01:05 UTC) gave recall 148/158 = 93.67%, precision 148/152 = 97.37%, area 93.9%, period
# 88.5%, status 98.6%. After the set was used for tuning (README, "Second run") the floors are
# the second run rounded down to 5%. They catch regressions; they are not targets.
RECALL_FLOOR = 1.00  # second run 158/158 (blind 93.67%)
PRECISION_FLOOR = 1.00  # second run 158/158 (blind 97.37%)
AGREEMENT_FLOORS = {  # over the 158 matched pairs, same rounding
    "value_max": 1.00,  # 158/158 (blind 148/148)
    "unit": 1.00,  # 158/158 (blind 99.3%)
    "area": 0.95,  # 153/158 = 96.8% (blind 93.9%)
    "period": 1.00,  # 158/158 (blind 88.5%)
    "status": 1.00,  # 158/158 (blind 98.6%)
    "qualifier": 1.00,  # 158/158 (blind 99.3%)
}

# Where the main text of each article ends: the byline, or the related-news heading when the
# byline is at the top (t07). Related news and other items follow it.
MAIN_TEXT_ENDS = {
    "t01_yen-bai-6-thang-2024.txt": "\nThanh Tân\n",
    "t02_ca-mau-sau-hop-nhat-2025.txt": "\nHOÀNG VŨ\n",
    "t03_hoa-binh-tin-dung-chinh-sach-2025.txt": "\nMinh Trang\n",
    "t04_quang-binh-xoa-nha-tam-2025.txt": "\nNgọc Thanh/VOV-Miền Trung\n",
    "t05_gia-lai-kong-chro-2024.txt": "\nMINH CHÂU\n",
    "t06_dak-nong-phong-van-2024.txt": "\nHỒNG THOAN (thực hiện)\n",
    "t07_nhandan-thanh-hoa-mien-nui-2024.txt": "\nĐọc thêm\n",
    "t08_hau-giang-viec-lam-2023.txt": "\nTRÚC LINH\n",
}
# t04 carries an inline related-news line inside the main text, as VOV's pages do.
INLINE_RELATED = "Xem thêm:"
_IN_INLINE_RELATED = "span is in an inline related-news line"
_SHA256_LINE = re.compile(r"^`([0-9a-f]{64})`\s+`([^`]+)`$", re.MULTILINE)


def _rows() -> list[dict[str, str]]:
    return load_gold(GOLD)


def _texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}


def row_problems(
    row: dict[str, str], texts: dict[str, str], ends: dict[str, str] = MAIN_TEXT_ENDS
) -> list[str]:
    """Everything wrong with one row: the earlier sets' checks with this set's main-text ends,
    plus this set's own: no span in an inline related-news line."""
    problems = second_set_row_problems(row, texts, ends)
    text = texts.get(row.get("document", ""))
    try:
        start, end = int(row["start"]), int(row["end"])
    except (KeyError, ValueError):
        return problems
    if text is None or text[start:end] != row.get("quote"):
        return problems  # already reported
    line = text[text.rfind("\n", 0, start) + 1 : text.find("\n", end)]
    if line.startswith(INLINE_RELATED):
        problems.append(_IN_INLINE_RELATED)
    return problems


def recorded_hashes() -> dict[str, str]:
    """The sha256 of each frozen file, as the README records it (path relative to heldout3/)."""
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


def test_between_100_and_160_statements() -> None:
    assert 100 <= len(_rows()) <= 160


def test_articles_are_nfc_and_each_main_text_end_is_found_once() -> None:
    for name, text in _texts().items():
        assert unicodedata.is_normalized("NFC", text), name
        assert text.count(MAIN_TEXT_ENDS[name]) == 1, name


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['document'][:3]}:{r['start']}")
def test_row_is_sound(row: dict[str, str]) -> None:
    assert row_problems(row, _texts()) == []


def _sound_row() -> tuple[dict[str, str], dict[str, str]]:
    name = "t04_quang-binh-xoa-nha-tam-2025.txt"
    text = (
        "Tiêu đề\n\nNăm 2025, toàn tỉnh hoàn thành 1.760 căn.\n\n"
        "Xem thêm: Tỉnh khác hoàn thành 1.760 căn\n\n"
        "Ngọc Thanh/VOV-Miền Trung\n\nTin liên quan\nHuyện khác hoàn thành 1.760 căn\n"
        "Người dân nhận nhà. Ảnh: VOV 1.760 căn\n"
    )
    start = text.index("1.760 căn")
    row = dict.fromkeys(COLUMNS, "")
    row |= {
        "document": name, "start": str(start), "end": str(start + 9), "quote": "1.760 căn",
        "area": "province/quang-binh", "indicator": "houses completed", "value": "1760",
        "unit": "house", "period": "2025", "status": "actual",
    }  # fmt: skip
    return row, {name: text}


def _moved(row: dict[str, str], text: str, occurrence: int) -> dict[str, str]:
    start = [m.start() for m in re.finditer("1.760 căn", text)][occurrence]
    return row | {"start": str(start), "end": str(start + 9)}


def test_a_sound_row_passes_with_this_sets_main_text_ends() -> None:
    row, texts = _sound_row()
    assert row_problems(row, texts) == []
    assert row_problems(row, texts, ends={}) != []  # the ends are this set's own


def test_a_span_inline_after_the_byline_or_in_a_caption_is_caught() -> None:
    row, texts = _sound_row()
    text = texts[row["document"]]
    assert row_problems(_moved(row, text, 1), texts) == [_IN_INLINE_RELATED]
    assert "span is not in the main text" in row_problems(_moved(row, text, 2), texts)
    assert "span is in an image name or photo caption" in row_problems(_moved(row, text, 3), texts)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"start": "0"}, "is not at"),
        ({"start": "x"}, "bad span"),
        ({"value": "1700"}, "is not the first number"),
        ({"out_of": "3412"}, "out_of"),
        ({"value_max": "1800"}, "value_max"),
        ({"unit": "houses"}, "unit 'houses'"),
        ({"status": "planned"}, "status 'planned'"),
        ({"qualifier": "roughly"}, "qualifier 'roughly'"),
        ({"funding_source": "central-budget"}, "not money"),
        ({"area": "Quảng Bình"}, "not an area path"),
        ({"period": "2025-2021"}, "out of order"),
        ({"document": "t99_unknown.txt"}, "no article"),
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
    assert_readme_row_counts(README, _rows(), "t")


def test_annotation_and_articles_are_the_frozen_ones() -> None:
    """Any change to the gold or an article after the freeze must be visible (and explained)."""
    assert_frozen(HELDOUT3, recorded_hashes(), list(MAIN_TEXT_ENDS))


def test_gold_scores_perfectly_against_itself_and_a_wrong_value_does_not_match() -> None:
    assert_gold_scores_itself(_rows())


# --- the extractor on unseen articles ----------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> EvaluationReport:
    """Run ``povkg extract`` on the articles and score it against the frozen annotation."""
    return extract_and_score(ARTICLES, _rows())


def test_extractor_holds_the_regression_floors(report: EvaluationReport) -> None:
    assert_floors(report, set(MAIN_TEXT_ENDS), RECALL_FLOOR, PRECISION_FLOOR, AGREEMENT_FLOORS)
