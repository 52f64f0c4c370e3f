"""Classes of statements the second held-out set showed were missed or misread (table-driven).

Each row is a short article in the shape real pages use; the test runs the real pipeline and
checks the one figure the row is about. Rows that must give nothing check that too: prices,
costs and a village's housing stock are no programme figures.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.documents import document_from_text
from graph.extract import extract
from graph.facts import Measurement

HEADER = "Giảm nghèo ở vùng cao năm nay\n\n{dateline}\n\n"


def measurements(body: str, dateline: str = "Thứ Ba, 7/1/2025, 16:20") -> list[Measurement]:
    document = document_from_text(HEADER.format(dateline=dateline) + body, "a.txt")
    extraction = extract(document)
    assert extraction.problems == []
    return extraction.measurements


def overlapping(found: list[Measurement], text: str, words: str) -> list[Measurement]:
    """The measurements whose quote overlaps the first occurrence of ``words`` in ``text``."""
    start = text.index(words)
    end = start + len(words)
    return [m for m in found if m.span.start < end and start < m.span.end]


def find(body: str, words: str, dateline: str = "Thứ Ba, 7/1/2025, 16:20") -> Measurement:
    document = document_from_text(HEADER.format(dateline=dateline) + body, "a.txt")
    found = extract(document).measurements
    hits = overlapping(found, document.text, words)
    assert len(hits) == 1, [m.span.quote for m in found]
    return hits[0]


SON_LA = "Năm 2024, tỉnh Sơn La "
ROADS = (
    SON_LA + "đầu tư 47 công trình, gồm 21 tuyến đường giao thông nông thôn với tổng chiều dài "
    "18,6 km."
)
EXCEEDED = (
    "Năm 2023, tỷ lệ hộ nghèo giảm 2,37 điểm phần trăm, vượt chỉ tiêu giảm trên 2%/năm mà Nghị "
    "quyết Đại hội Đảng bộ tỉnh đề ra."
)


@pytest.mark.parametrize(
    ("body", "quote", "indicator", "value", "unit"),
    [
        # in-kind support, listed after the households supported
        (SON_LA + "hỗ trợ 1.245 hộ nghèo, hộ cận nghèo phát triển sản xuất với 236 con bò giống.",
         "236 con bò", "livestock-supported", "236", "animal"),
        (SON_LA + "có 35 hộ nghèo được hỗ trợ 18 con trâu, bò sinh sản và 2.800 con gà giống.",
         "2.800 con gà", "livestock-supported", "2800", "animal"),
        (SON_LA + "hỗ trợ 2.318 hộ nghèo, hộ cận nghèo phát triển sản xuất với 1.064 con bò, dê "
         "giống và 215 ha cây dược liệu, cà phê.", "215 ha", "production-area-supported", "215",
         "hectare"),
        # infrastructure outputs
        (ROADS, "21 tuyến đường", "infrastructure-works-built", "21", "work"),
        (ROADS, "18,6 km", "roads-built", "18.6", "km"),
        (SON_LA + "có 7/7 thôn đã có cụm loa truyền thanh.", "7/7 thôn",
         "areas-with-loudspeakers", "7", "village"),
        # shares whose noun is the count before them
        ("Đến ngày 1/7/2025, cả nước có 18/74 huyện nghèo thoát khỏi tình trạng nghèo, đạt 24,3%.",
         "đạt 24,3%", "districts-escaped-poverty", "24.3", "percent"),
        ("Đến ngày 1/7/2025, cả nước có 18/74 huyện nghèo thoát khỏi tình trạng nghèo, đạt 24,3%, "
         "chưa đạt mục tiêu 30% đặt ra.", "mục tiêu 30%", "districts-escaped-poverty", "30",
         "percent"),
        ("Huyện có 9 xã, đồng bào Ca Dong chiếm hơn 90% dân số.", "hơn 90%",
         "ethnic-minority-share", "90", "percent"),
        # a review table: plan, result, fulfilment
        ("- Giảm tỷ lệ hộ nghèo: kế hoạch 2,5%, thực hiện 3,12%, vượt kế hoạch.", "thực hiện 3,12%",
         "poverty-rate-reduction", "3.12", "percentage-point"),
        ("- Đào tạo nghề cho lao động thuộc hộ nghèo: kế hoạch 3.000 người, thực hiện 3.412 người, "
         "đạt 113,7%.", "kế hoạch 3.000", "vocational-training-beneficiaries", "3000", "person"),
        ("- Đào tạo nghề cho lao động thuộc hộ nghèo: kế hoạch 3.000 người, thực hiện 3.412 người, "
         "đạt 113,7%.", "thực hiện 3.412", "vocational-training-beneficiaries", "3412", "person"),
        ("- Hỗ trợ nhà ở cho hộ nghèo: kế hoạch 1.850 căn, hoàn thành 1.912 căn, đạt 103,4%.",
         "đạt 103,4%", "plan-fulfilment", "103.4", "percent-of-plan"),
    ],
)  # fmt: skip
def test_classes_of_figures_are_found(body, quote, indicator, value, unit) -> None:
    m = find(body, quote)
    assert (m.indicator, m.value, m.unit) == (
        f"indicator/{indicator}",
        Decimal(value),
        f"unit/{unit}",
    )


@pytest.mark.parametrize(
    ("body", "number"),
    [
        ("Trước đây, mỗi tấn muối ra đến đường lớn mất thêm 150.000 đồng tiền thuê xe công nông.",
         "150.000"),
        ("Mỗi lao động sau 3 năm làm việc tại Nhật Bản có thể gửi về từ 500 - 700 triệu đồng.",
         "500"),
        ("Sâm Ngọc Linh là loại dược liệu quý có giá từ 80 - 120 triệu đồng/kg.", "80"),
        ("Giá keo nguyên liệu hiện khoảng 1,2 triệu đồng/tấn, nhiều hộ có thu nhập.", "1,2"),
        ("Ông kể, trước đây cả thôn có 3 hộ làm nhà xây, nay đã có hơn 40 nhà kiên cố.", "40"),
        ("Huyện có 9 xã, 1 thị trấn với 6.985 hộ.", "6.985"),
    ],
)  # fmt: skip
def test_prices_costs_and_stocks_are_no_measurements(body: str, number: str) -> None:
    assert [m.span.quote for m in measurements(body) if number in m.span.quote] == []


def test_funding_is_still_funding() -> None:
    m = find(SON_LA + "phân bổ 98,6 tỷ đồng vốn Chương trình cho các huyện.", "98,6")
    assert m.indicator == "indicator/funding"


TU_MO_RONG = (
    "Tu Mơ Rông nỗ lực thoát nghèo\n\nĐăng lúc: 20/11/2024 15:20\n\n"
    "Là huyện nghèo của tỉnh Kon Tum, huyện Tu Mơ Rông có 6.985 hộ.\n\n"
)


@pytest.mark.parametrize(
    ("body", "quote", "area"),
    [
        ("Giai đoạn 2022 - 2024, Trung ương phân bổ cho huyện 286,4 tỷ đồng.", "286,4",
         "district/kon-tum/tu-mo-rong"),
        ("Từ năm 2022 đến nay, huyện hỗ trợ 2.318 hộ nghèo phát triển sản xuất. Bên cạnh đó, "
         "Dự án 5 đã hỗ trợ xây mới 386 căn nhà cho hộ nghèo.", "xây mới 386",
         "district/kon-tum/tu-mo-rong"),
        ("Hưởng ứng phong trào thi đua cả nước chung tay xóa nhà tạm, năm 2024, huyện xóa 318 nhà "
         "tạm. Đến ngày 28/2/2024, đã có 97 căn được khởi công.", "97 căn",
         "district/kon-tum/tu-mo-rong"),
        ("Cả nước có 18/74 huyện nghèo thoát nghèo.", "18/74", "country/vn"),
        ("Phát biểu, Phó Chủ tịch UBND tỉnh Lò Minh Tuấn đề nghị toàn tỉnh phấn đấu năm 2025 "
         "giảm tỷ lệ hộ nghèo từ 2,5 - 3%.", "từ 2,5", "province/kon-tum"),
        ("Năm 2023, tỷ lệ hộ nghèo của tỉnh Kon Tum còn 8,5%.", "còn 8,5%", "province/kon-tum"),
    ],
)  # fmt: skip
def test_areas(body: str, quote: str, area: str) -> None:
    document = document_from_text(TU_MO_RONG + body, "a.txt")
    (m,) = overlapping(extract(document).measurements, document.text, quote)
    assert m.area == area


def test_a_commune_the_gazetteer_lacks_is_placed_under_the_outlets_province() -> None:
    text = (
        "BÁO LẠNG SƠN\n\nHoa Thám: Đổi thay từ những đồng vốn giảm nghèo\n\n07:10, 16/09/2024\n\n"
        "LSO - Đời sống người dân xã Hoa Thám (huyện Bình Gia) từng bước được cải thiện.\n\n"
        "Năm 2021, toàn xã có 312 hộ nghèo. Đến tháng 8/2024, Ngân hàng Chính sách xã hội huyện "
        "Bình Gia đã cho 86 hộ nghèo, hộ cận nghèo trong xã vay vốn.\n\n"
        "Thôn Nà Cà là thôn khó khăn nhất. Năm 2023, thôn có 23 hộ thoát nghèo.\n\nNÔNG HẢI\n"
    )
    found = extract(document_from_text(text, "a.txt")).measurements
    assert {m.area for m in found} == {"commune/lang-son/binh-gia/hoa-tham"}
    assert len(found) == 3


@pytest.mark.parametrize(
    ("body", "quote", "period"),
    [
        ("Kết quả thực hiện các chỉ tiêu về giảm nghèo năm 2024 như sau:\n\n- Số hộ thoát nghèo: "
         "11.376 hộ thoát nghèo.\n\n- Giảm tỷ lệ hộ nghèo: kế hoạch 2,5%, thực hiện 3,12%.",
         "thực hiện 3,12%", "2024"),
        ("Kết quả năm 2024 như sau:\n\n- Số hộ thoát nghèo: 11.376 hộ thoát nghèo.\n\n"
         "Tỉnh có 500 hộ cận nghèo.", "500 hộ", None),  # the list has ended
        ("Tỉnh có 9.371 hộ nghèo (9,86%) đầu kỳ, xuống còn 4.862 hộ (5,12%) vào cuối năm 2023.",
         "9.371 hộ", "2021"),
        ("Tỉnh có 9.371 hộ nghèo (9,86%) đầu kỳ, xuống còn 4.862 hộ (5,12%) vào cuối năm 2023.",
         "còn 4.862 hộ", "2023"),
        ("Trong năm 2023 và 9 tháng đầu năm 2024, huyện đã hỗ trợ 1.245 hộ nghèo phát triển sản "
         "xuất.", "1.245", "2023-2024"),
        ("Từ năm 2022 đến nay, huyện đã hỗ trợ 2.318 hộ nghèo phát triển sản xuất.", "2.318",
         "2022-2025"),
        ("Năm 2024, huyện đặt mục tiêu giảm ít nhất 5% tỷ lệ hộ nghèo và phấn đấu đến cuối "
         "năm 2025 đưa tỷ lệ này xuống dưới 25%.", "giảm ít nhất 5%", "2024"),
        ("Năm 2024, huyện giải ngân 93,1 tỷ đồng.\n\nCùng năm, huyện mở 12 lớp đào tạo nghề.",
         "12 lớp", "2024"),
        ("Hiện nay, 100% người thuộc hộ nghèo được cấp thẻ bảo hiểm y tế.", "100%", "2025"),
        ("Cuối năm 2021, tỉnh có 9.371 hộ nghèo; cuối năm 2023 còn 4.862 hộ nghèo. Như vậy, bình "
         "quân mỗi năm tỷ lệ hộ nghèo giảm 2,37 điểm phần trăm.", "giảm 2,37", "2021-2023"),
    ],
)  # fmt: skip
def test_periods(body: str, quote: str, period: str | None) -> None:
    m = find(body, quote, dateline="Thứ Tư, 15/01/2025, 08:00")
    assert (m.period.code if m.period else None) == period


@pytest.mark.parametrize(
    ("body", "quote", "status"),
    [
        ("- Giảm tỷ lệ hộ nghèo: kế hoạch 2,5%, thực hiện 3,12%, vượt kế hoạch.", "kế hoạch 2,5%",
         "target"),
        ("- Giảm tỷ lệ hộ nghèo: kế hoạch 2,5%, thực hiện 3,12%, vượt kế hoạch.", "thực hiện 3,12%",
         "actual"),
        ("- Hỗ trợ nhà ở cho hộ nghèo: kế hoạch 1.850 căn, hoàn thành 1.912 căn.", "kế hoạch 1.850",
         "target"),
        (EXCEEDED, "giảm trên 2%", "target"),
        (EXCEEDED, "giảm 2,37", "actual"),
        ("Đến năm 2024, cả nước có 18/74 huyện nghèo thoát khỏi tình trạng nghèo, đạt 24,3%, chưa "
         "đạt mục tiêu 30% đặt ra.", "mục tiêu 30%", "target"),
    ],
)  # fmt: skip
def test_status(body: str, quote: str, status: str) -> None:
    assert find(body, quote, dateline="Thứ Tư, 15/01/2025, 08:00").status == status
