"""The evaluator on small hand-made cases: matching, scores, attribute agreement, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.evaluation import Counts, evaluate, load_gold, main, with_indicators

DOC = "000_a1a3ac5b4d469efe.txt"
BASE = "https://w3id.org/povkg/id/"


def gold(start: int, end: int, value: str, **extra: str) -> dict[str, str]:
    row = {
        "document": DOC,
        "start": str(start),
        "end": str(end),
        "quote": f"q{start}",
        "value": value,
        "value_max": "",
        "unit": "household",
        "area": "province/bac-ninh",
        "period": "2021",
        "status": "actual",
        "qualifier": "",
        "indicator": "poor households",
    }
    row.update(extra)
    return row


def pred(start: int, end: int, value: str, **extra: str) -> dict[str, str]:
    """A predicted row shaped like `povkg measurements --format csv`."""
    row = {
        "document": DOC,
        "start": str(start),
        "end": str(end),
        "quote": f"p{start}",
        "value": value,
        "value_max": "",
        "unit": BASE + "unit/household",
        "area": "Bắc Ninh",
        "area_iri": BASE + "province/bac-ninh",
        "period": "2021",
        "status": "actual",
        "qualifier": "",
        "indicator": "Poor households",
        "indicator_iri": BASE + "indicator/poor-households",
    }
    row.update(extra)
    return row


def test_perfect_match() -> None:
    report = evaluate([gold(84, 99, "28484"), gold(101, 112, "3.47")],
                      [pred(84, 99, "28484"), pred(101, 112, "3.47")])  # fmt: skip
    assert report.overall == Counts(gold=2, predicted=2, matched=2)
    assert (report.overall.recall, report.overall.precision, report.overall.f1) == (1, 1, 1)
    assert report.misses == [] and report.spurious == [] and report.disagreements == []
    assert report.agreement["unit"] == (2, 2)


def test_a_miss_lowers_recall_and_is_listed() -> None:
    missed = gold(101, 112, "3.47")
    report = evaluate([gold(84, 99, "28484"), missed], [pred(84, 99, "28484")])
    assert report.overall.recall == 0.5 and report.overall.precision == 1.0
    assert report.misses == [missed] and report.spurious == []
    assert "q101" in str(report)


def test_a_spurious_row_lowers_precision_and_is_listed() -> None:
    extra = pred(300, 310, "7")
    report = evaluate([gold(84, 99, "28484")], [pred(84, 99, "28484"), extra])
    assert report.overall.precision == 0.5 and report.overall.recall == 1.0
    assert report.spurious == [extra] and report.misses == []
    assert report.overall.f1 == pytest.approx(2 / 3)


def test_an_off_by_one_span_still_matches() -> None:
    report = evaluate([gold(84, 99, "28484")], [pred(85, 100, "28484")])
    assert report.overall.matched == 1


def test_adjacent_spans_do_not_overlap() -> None:
    report = evaluate([gold(84, 99, "28484")], [pred(99, 110, "28484")])
    assert report.overall.matched == 0
    assert len(report.misses) == 1 and len(report.spurious) == 1


def test_a_wrong_value_does_not_match_even_on_the_same_span() -> None:
    report = evaluate([gold(84, 99, "28484")], [pred(84, 99, "28.484")])
    assert report.overall.matched == 0
    assert len(report.misses) == 1 and len(report.spurious) == 1


def test_equal_decimals_match_whatever_their_spelling() -> None:
    report = evaluate([gold(0, 9, "950488000000")], [pred(0, 9, "9.50488E+11")])
    assert report.overall.matched == 1


def test_duplicate_predictions_match_one_gold_row_only_once() -> None:
    report = evaluate([gold(84, 99, "28484")], [pred(84, 99, "28484"), pred(84, 99, "28484")])
    assert report.overall == Counts(gold=1, predicted=2, matched=1)
    assert len(report.spurious) == 1


def test_another_document_does_not_match() -> None:
    report = evaluate([gold(84, 99, "28484")], [pred(84, 99, "28484", document="001_x.txt")])
    assert report.overall.matched == 0
    assert set(report.per_document) == {DOC, "001_x.txt"}
    assert report.per_document["001_x.txt"] == Counts(gold=0, predicted=1, matched=0)


def test_document_slug_or_iri_names_the_same_document() -> None:
    slug = "000-a1a3ac5b4d469efe"
    report = evaluate([gold(1, 5, "1"), gold(10, 15, "2")],
                      [pred(1, 5, "1", document=slug),
                       pred(10, 15, "2", document=BASE + "document/" + slug)])  # fmt: skip
    assert report.overall.matched == 2


def test_matching_is_maximal_not_greedy() -> None:
    # Gold A's best partner X is gold B's only partner; A must settle for Y.
    a, b = gold(0, 10, "1"), gold(8, 30, "1")
    x, y = pred(2, 12, "1"), pred(0, 3, "1")
    report = evaluate([a, b], [x, y])
    assert report.overall.matched == 2
    assert {(id(p.gold), id(p.predicted)) for p in report.matched} == {(id(a), id(y)),
                                                                        (id(b), id(x))}  # fmt: skip


def test_closest_span_is_preferred_among_candidates() -> None:
    g = gold(10, 20, "5")
    near, far = pred(10, 20, "5"), pred(15, 40, "5")
    report = evaluate([g], [far, near])
    assert report.matched[0].predicted is near and report.spurious == [far]


def test_attribute_agreement_uses_slugs_and_area_iris() -> None:
    g = gold(0, 5, "2", value_max="2.5", qualifier="more-than", status="target", period="2024")
    p = pred(0, 5, "2", value_max="2.50", qualifier=BASE + "qualifier/more-than",
             status=BASE + "status/target", period=BASE + "period/2024")  # fmt: skip
    report = evaluate([g], [p])
    assert all(agree == compared == 1 for agree, compared in report.agreement.values())


def test_attribute_disagreements_are_reported() -> None:
    g = gold(0, 5, "2", value_max="2.5")
    p = pred(0, 5, "2", unit=BASE + "unit/percent", area_iri=BASE + "province/bac-ninh-pre-2025",
             period="", status="forecast", qualifier="nearly")  # fmt: skip
    report = evaluate([g], [p])
    assert report.overall.matched == 1  # attributes never prevent a match
    wrong = {d.attribute for d in report.disagreements}
    assert wrong == {"value_max", "unit", "area", "period", "status", "qualifier"}
    assert report.agreement["unit"] == (0, 1)
    assert "bac-ninh-pre-2025" in str(report)


def test_indicator_is_compared_only_when_gold_has_an_iri() -> None:
    plain = evaluate([gold(0, 5, "2")], [pred(0, 5, "2")])
    assert "indicator" not in plain.agreement
    right = evaluate([gold(0, 5, "2", indicator_iri="indicator/poor-households")],
                     [pred(0, 5, "2")])  # fmt: skip
    assert right.agreement["indicator"] == (1, 1)
    wrong = evaluate([gold(0, 5, "2", indicator_iri="indicator/poverty-rate")], [pred(0, 5, "2")])
    assert wrong.agreement["indicator"] == (0, 1)


def test_empty_gold_attribute_agrees_only_with_empty_prediction() -> None:
    report = evaluate([gold(0, 5, "2", area="")], [pred(0, 5, "2", area="", area_iri=BASE)])
    assert report.agreement["area"] == (0, 1)
    report = evaluate([gold(0, 5, "2", area="")], [pred(0, 5, "2", area="", area_iri="")])
    assert report.agreement["area"] == (1, 1)


def test_unreadable_predictions_are_spurious_not_fatal() -> None:
    bad_value, bad_span, empty_span = pred(0, 5, "abc"), pred(0, 5, "2"), pred(0, 5, "2")
    bad_span["start"], empty_span["end"] = "x", "0"
    report = evaluate([gold(0, 5, "2")], [bad_value, bad_span, empty_span])
    assert report.overall == Counts(gold=1, predicted=3, matched=0)
    assert len(report.spurious) == 3 and len(report.problems) == 3
    assert "predicted row 1" in report.problems[0]


@pytest.mark.parametrize("field,value", [("value", ""), ("value", "NaN"), ("start", "-1")])
def test_an_unreadable_gold_row_is_an_error(field: str, value: str) -> None:
    with pytest.raises(ValueError, match="gold row 1"):
        bad = gold(0, 5, "2")
        bad[field] = value
        evaluate([bad], [])


def test_empty_inputs() -> None:
    nothing = evaluate([], [])
    assert (nothing.overall.recall, nothing.overall.precision) == (1.0, 1.0)
    none_found = evaluate([gold(0, 5, "2")], [])
    assert none_found.overall.recall == 0.0 and none_found.overall.f1 == 0.0


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(r[h] for h in header) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_command_line_prints_the_report(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    g = _write(tmp_path / "gold.csv", [gold(0, 5, "2"), gold(10, 15, "3")])
    p = _write(tmp_path / "pred.csv", [pred(0, 5, "2")])
    assert main([str(g), str(p)]) == 0
    out = capsys.readouterr().out
    assert "recall     50.00%" in out and "Misses (gold rows no prediction matches): 1" in out
    assert main([str(g), str(p), "--min-recall", "0.95"]) == 1
    assert main([str(g), str(p), "--min-precision", "0.95"]) == 0


def test_command_line_survives_a_ragged_prediction_file(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    g = _write(tmp_path / "gold.csv", [gold(0, 5, "2")])
    p = _write(tmp_path / "pred.csv", [pred(0, 5, "2")])
    with p.open("a", encoding="utf-8") as handle:
        handle.write("000_a1a3ac5b4d469efe.txt,7\n")  # a short line: missing cells are None
    assert main([str(g), str(p)]) == 0
    out = capsys.readouterr().out
    assert "precision  50.00%" in out and "predicted row 2: empty value" in out


def test_command_line_reports_unreadable_files(tmp_path: Path) -> None:
    p = _write(tmp_path / "pred.csv", [pred(0, 5, "2")])
    assert main([str(tmp_path / "missing.csv"), str(p)]) == 2
    no_value = _write(tmp_path / "gold.csv", [{"document": DOC, "start": "0", "end": "5"}])
    assert main([str(no_value), str(p)]) == 2


def test_load_gold_requires_the_key_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "gold.csv", [{"document": DOC, "start": "0", "end": "5"}])
    with pytest.raises(ValueError, match="quote, value"):
        load_gold(path)
    good = _write(tmp_path / "good.csv", [gold(0, 5, "2")])
    assert load_gold(good)[0]["value"] == "2"


# --- the indicator map ------------------------------------------------------------------------


def _map(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    lines = ["indicator,document,start,indicator_iri,note"]
    lines += [",".join([*row, ""]) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_indicator_map_fills_the_gold_iris_row_overrides_first(tmp_path: Path) -> None:
    rows = [gold(0, 5, "2"), gold(10, 15, "3"), gold(20, 25, "4", indicator="gifts")]
    path = _map(tmp_path / "indicators.csv", [
        ("poor households", "", "", "indicator/poor-households"),
        ("poor households", DOC, "10", "indicator/poor-households-supported"),
        ("gifts", "", "", ""),  # nothing in the code list fits: not scored
    ])  # fmt: skip
    filled = with_indicators(rows, path)
    assert [r["indicator_iri"] for r in filled] == [
        "indicator/poor-households", "indicator/poor-households-supported", ""
    ]  # fmt: skip
    assert "indicator_iri" not in rows[0], "the gold rows themselves are left alone"
    report = evaluate(filled, [pred(0, 5, "2"), pred(10, 15, "3"), pred(20, 25, "4")])
    assert report.agreement["indicator"] == (1, 3)
    wrong = [d.gold_value for d in report.disagreements if d.attribute == "indicator"]
    # a statement no indicator fits, given one anyway, asserts something false: a disagreement
    assert wrong == ["indicator/poor-households-supported", "(none fits)"]
    unstated = pred(20, 25, "4", indicator="", indicator_iri="")
    assert evaluate(filled[2:], [unstated]).agreement["indicator"] == (1, 1)


def test_an_indicator_map_must_cover_every_description(tmp_path: Path) -> None:
    path = _map(tmp_path / "indicators.csv", [("poor households", "", "", "x/y")])
    with pytest.raises(ValueError, match="no indicator for 'gifts'"):
        with_indicators([gold(0, 5, "2", indicator="gifts")], path)
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,indicator_iri\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks column"):
        with_indicators([gold(0, 5, "2")], bad)


def test_command_line_scores_the_indicator_with_a_map(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    g = _write(tmp_path / "gold.csv", [gold(0, 5, "2")])
    p = _write(tmp_path / "pred.csv", [pred(0, 5, "2", indicator_iri=BASE + "indicator/x")])
    entry = ("poor households", "", "", "indicator/poor-households")
    m = _map(tmp_path / "indicators.csv", [entry])
    assert main([str(g), str(p), "--indicators", str(m)]) == 0
    out = capsys.readouterr().out
    assert "indicator     0/1" in out
    assert main([str(g), str(p), "--indicators", str(tmp_path / "missing.csv")]) == 2
