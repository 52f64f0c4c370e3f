"""What a figure is, on phrasings the seeds do not have: what it counts and in which unit,
what is no measurement at all (thresholds, conditions, rankings, excesses, one family's story,
money not about poverty), and its period and status."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.documents import document_from_text
from graph.extract import extract
from graph.extract.lexicon import expand

D = Decimal


def facts(text: str) -> list[tuple]:
    """(indicator, value, unit) of every measurement of ``text``."""
    extraction = extract(document_from_text(text, "t.txt"))
    return [
        (m.indicator.split("/", 1)[1], m.value, m.unit.split("/", 1)[1])
        for m in extraction.measurements
    ]


def detail(text: str, attribute: str) -> list:
    """One attribute of every measurement (short codes for paths)."""
    extraction = extract(document_from_text(text, "t.txt"))
    values = [getattr(m, attribute) for m in extraction.measurements]
    return [v.rsplit("/", 1)[-1] if isinstance(v, str) else v for v in values]


# --- what a figure counts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tỉnh hỗ trợ 312 dự án phát triển sản xuất cộng đồng với 8.950 hộ tham gia.",
            [
                ("community-production-projects", D(312), "project"),
                ("participating-households", D(8950), "household"),
            ],
        ),
        (
            "Tỉnh giải quyết việc làm cho 14.300 lao động, trong đó có 1.126 người đi làm việc ở"
            " nước ngoài theo hợp đồng.",
            [
                ("employment-support-beneficiaries", D(14300), "person"),
                ("overseas-workers", D(1126), "person"),
            ],
        ),
        (
            "Điện Biên có 7/10 huyện, thị xã, thành phố là huyện nghèo.",
            [("poor-districts", D(7), "district")],
        ),
        ("Tại xã Sín Thầu, 286/412 hộ là hộ nghèo.", [("poor-households", D(286), "household")]),
        (
            "So với cuối năm 2023 (4,83%), tỷ lệ hộ nghèo năm 2024 giảm 1,28 điểm phần trăm.",
            [
                ("poverty-rate", D("4.83"), "percent"),
                ("poverty-rate-reduction", D("1.28"), "percentage-point"),
            ],
        ),
        (
            "Phấn đấu có ít nhất 30% số xã bãi ngang, ven biển thoát khỏi tình trạng đặc biệt khó"
            " khăn và 30% số huyện nghèo thoát nghèo.",
            [
                ("communes-escaped-difficulty", D(30), "percent"),
                ("districts-escaped-poverty", D(30), "percent"),
            ],
        ),
        (
            "Tỉnh có hơn 320.000 đồng bào Khmer, chiếm khoảng 31,5% dân số toàn tỉnh.",
            [
                ("ethnic-minority-population", D(320000), "person"),
                ("ethnic-minority-share", D("31.5"), "percent"),
            ],
        ),
        (
            "Huyện có 18 xã, trên 90% dân số là đồng bào Mông.",
            [("ethnic-minority-share", D(90), "percent")],
        ),
        (
            "Cả bản có 46 hộ thì 19 hộ được làm nhà mới, giờ không còn nhà tạm nữa.",
            [
                ("housing-support-beneficiaries", D(19), "household"),
                ("temporary-houses", D(0), "house"),
            ],
        ),
        (
            "Năm 2025, tỉnh phấn đấu giảm tiếp từ 3 - 4%, không để phát sinh hộ tái nghèo.",
            [
                ("poverty-rate-reduction", D(3), "percentage-point"),
                ("relapsed-poor-households", D(0), "household"),
            ],
        ),
        (
            "Vốn đã giao đạt 38.150 tỷ đồng, bằng 79,5% tổng vốn ngân sách trung ương cả giai"
            " đoạn.",
            [
                ("funding", D(38150000000000), "vnd"),
                ("plan-fulfilment", D("79.5"), "percent-of-plan"),
            ],
        ),
        (  # a level after "xuống", not a change
            "Tỉnh đặt mục tiêu giảm tỷ lệ hộ nghèo toàn tỉnh xuống dưới 4%.",
            [("poverty-rate", D(4), "percent")],
        ),
        (  # an amount listed after a support level per house is one too
            "Mỗi căn nhà xây mới được hỗ trợ 60 triệu đồng, sửa chữa 30 triệu đồng.",
            [
                ("support-level", D(60000000), "vnd-per-house"),
                ("support-level", D(30000000), "vnd-per-house"),
            ],
        ),
        (
            "Mỗi hộ nghèo được hỗ trợ 40 triệu đồng xây nhà; hộ cận nghèo được hỗ trợ 30 triệu"
            " đồng.",
            [
                ("support-level", D(40000000), "vnd-per-household"),
                ("support-level", D(30000000), "vnd-per-household"),
            ],
        ),
        (
            "Cả nước còn hơn 1 triệu hộ nghèo và cận nghèo.",
            [("poor-and-near-poor-households", D(1000000), "household")],
        ),
        (  # the words in parentheses explain the subject; they are not it
            "Tỷ lệ nghèo đa chiều (gồm hộ nghèo và hộ cận nghèo) là 4,06%.",
            [("multidimensional-poverty-rate", D("4.06"), "percent")],
        ),
        (
            "Ngân hàng Chính sách xã hội đã cho vay 95.000 tỷ đồng với hơn 1,9 triệu lượt hộ.",
            [
                ("preferential-credit", D(95000000000000), "vnd"),
                ("credit-support-beneficiaries", D(1900000), "household-turn"),
            ],
        ),
        (
            "Ngân hàng Chính sách xã hội tỉnh đã giải ngân cho vay hơn 2.100 tỷ đồng.",
            [("preferential-credit", D(2100000000000), "vnd")],
        ),
    ],
)
def test_what_a_figure_counts(text: str, expected: list[tuple]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # thresholds, with examples or consequences
        "Một số địa phương còn tỷ lệ hộ nghèo trên 18% như Điện Biên.",
        "Nhiều địa phương giải ngân dưới 50% như Bình Thuận.",
        "Những địa phương có tỷ lệ giải ngân dưới 60% sẽ bị cắt giảm vốn.",
        # conditions
        "Địa phương nào đến hết quý III giải ngân dưới 50% sẽ bị điều chuyển vốn.",
        "Nếu giải ngân dưới 50% kế hoạch, tỉnh sẽ điều chuyển vốn.",
        # rankings and descriptions
        "Là một trong hai huyện nghèo nhất tỉnh, Mèo Vạc đã tập trung nguồn lực.",
        # an excess over a target
        "Xã vượt 20 hộ so với chỉ tiêu huyện giao.",
        # one family's story
        "Năm 2022, ông được hỗ trợ một con bò giống và vay 50 triệu đồng từ Ngân hàng.",
        "Gia đình chị Mai được hỗ trợ 2 con lợn giống.",
        "Ông Hùng cho biết, nhờ được vay 50 triệu đồng, gia đình ông đã có 10 con bò.",
        # money that is not about poverty reduction
        "Tổng thu từ du lịch ước đạt 9.200 tỷ đồng.",
        "Năm 2024, thu ngân sách đạt trên 24.000 tỷ đồng.",
    ],
)
def test_not_measurements(text: str) -> None:
    assert facts(text) == []


def test_a_named_official_is_no_family_story() -> None:
    text = "Ông Lý Văn A, Chủ tịch UBND xã, cho biết xã được hỗ trợ 120 căn nhà."
    assert facts(text) == [("houses-supported", D(120), "house")]


def test_funding_sources_and_kinds_of_capital() -> None:
    text = (
        "Năm 2024, tổng vốn ngân sách trung ương giao cho Chương trình là 10.362 tỷ đồng, gồm"
        " 5.746 tỷ đồng vốn đầu tư phát triển và 4.616 tỷ đồng vốn sự nghiệp. Tỉnh điều"
        " chuyển vốn sự nghiệp 85 tỷ đồng; vốn đối ứng ngân sách địa phương 24,8 tỷ đồng."
    )
    assert detail(text, "funding_source") == [
        "central-budget",
        "development-investment",
        "recurrent",
        "recurrent",
        "local-budget",
    ]


def test_qualifiers() -> None:
    text = (
        "Nghị quyết đặt ra tổng vốn tối thiểu là 75.000 tỷ đồng. Chuẩn nghèo giai đoạn 2022 -"
        " 2025 là hộ có thu nhập bình quân đầu người từ 1,5 triệu đồng/tháng trở xuống."
    )
    # the poverty line is exactly 1.5 million: "trở xuống" bounds the households under it
    assert detail(text, "qualifier") == ["at-least", None]


def test_word_lists_expand_in_patterns() -> None:
    assert "Khmer" in expand("người {ethnic_groups}")
    with pytest.raises(KeyError):
        expand("người {no_such_list}")


# --- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        # "hiện", "năm nay": the publication year
        (" date 2025-10-17 Tỷ lệ hộ nghèo hiện vẫn ở mức 41,3%.", ["2025"]),
        (" date 2025-11-20 Năm nay tỉnh dự kiến giảm hơn 4.000 hộ nghèo.", ["2025"]),
        # a date with a year
        (" date 2025-10-17 Tỉnh xóa 15.874 căn nhà tạm trước ngày 31/8/2025.", ["2025"]),
        # the first year of a period
        ("Đầu giai đoạn 2022 - 2025, toàn tỉnh có 9.872 hộ nghèo.", ["2022"]),
        # a figure in parentheses right after a point of comparison is that point's
        (
            " date 2025-02-19 Năm 2024, tỷ lệ nghèo đa chiều là 4,06%, giảm 1,65 điểm phần trăm so"
            " với cuối năm 2023 (5,71%).",
            ["2024", "2024", "2023"],
        ),
        # the period of a name, for a property of the named thing
        (
            "Chuẩn nghèo giai đoạn 2022 - 2025 ở nông thôn là 1,5 triệu đồng/người/tháng.",
            ["2022-2025"],
        ),
        (
            "Nghị quyết đặt ra tổng vốn thực hiện Chương trình giai đoạn 2021 - 2025 tối thiểu là"
            " 75.000 tỷ đồng, trong đó ngân sách trung ương 48.000 tỷ đồng.",
            ["2021-2025", "2021-2025"],
        ),
        # a sentence opening with "Riêng" goes on from the sentence before it
        (
            "Kết quả rà soát cuối năm 2024 cho thấy tỉnh có 21.380 hộ nghèo. Riêng khu vực phía"
            " Bắc có 14.850 hộ nghèo.",
            ["2024", "2024"],
        ),
    ],
)
def test_periods(text: str, periods: list[str]) -> None:
    assert [p.code if p else None for p in detail(text, "period")] == periods


# --- status -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        # "nước giảm", "nước còn" hold no "ước" (estimate)
        ("Cả nước còn hơn 1 triệu hộ nghèo và cận nghèo.", ["actual"]),
        (
            " date 2025-02-19 Giai đoạn 2022 - 2024, tỷ lệ hộ nghèo cả nước giảm 1,03 điểm phần"
            " trăm.",
            ["actual"],
        ),
        # stated facts for a period not yet over: allocations, designations, parameters
        (" date 2023-05-10 Giai đoạn 2021 - 2025, Thanh Hóa có 7 huyện nghèo.", ["actual"]),
        (" date 2025-10-17 Năm 2025, tổng kế hoạch vốn của tỉnh là 1.412,6 tỷ đồng.", ["actual"]),
        # what was done so far in a year not yet over
        (
            " date 2024-07-15 6 tháng đầu năm 2024, toàn tỉnh đã hỗ trợ xây mới 1.214 căn nhà;"
            " tổ chức đào tạo nghề cho 2.640 lao động.",
            ["actual", "actual"],
        ),
        # ... but not into a clause with a period of its own
        (
            " date 2024-07-15 Năm 2024, tỉnh đã giảm 2.000 hộ nghèo; năm 2025 giảm 3.000 hộ nghèo.",
            ["actual", "target"],
        ),
        # a target named right before the figure's parentheses
        (
            "Năm 2023, tỷ lệ hộ nghèo giảm 4,82 điểm phần trăm, vượt chỉ tiêu Nghị quyết giao"
            " (giảm 3,5%).",
            ["actual", "target"],
        ),
        # still a target when the year is not over and nothing says it is reached
        (" date 2024-07-15 Năm 2024, toàn tỉnh giảm 3.000 hộ nghèo.", ["target"]),
    ],
)
def test_statuses(text: str, statuses: list[str]) -> None:
    assert detail(text, "status") == statuses
