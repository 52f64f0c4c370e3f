"""Page furniture above an article: datelines, mastheads, section lines, the outlet's province.

Table-driven: each row is a shape real Vietnamese news sites print, and the rows after them are
the look-alikes that must not be read as one (a date inside a sentence, a title that starts
with "Báo", a heading).
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.documents import document_from_text
from graph.page_header import is_section_line, masthead, publisher_provinces, read_dateline


@pytest.mark.parametrize(
    ("line", "published", "rest"),
    [
        ("Cập nhật lúc 07:45 ngày 11/10/2024", date(2024, 10, 11), ""),
        ("Thứ bảy, 14/9/2024 - 06:30", date(2024, 9, 14), ""),
        ("Đăng lúc: 20/11/2024 15:20", date(2024, 11, 20), ""),
        ("Ngày 05/03/2025 - 08:05", date(2025, 3, 5), ""),
        ("07:10, 16/09/2024", date(2024, 9, 16), ""),
        ("Thứ Năm 15/01/2026 , 06:45 (GMT+7)", date(2026, 1, 15), ""),
        ("Thứ Ba, 7/1/2025, 16:20", date(2025, 1, 7), ""),
        ("18/02/2025 15:40 GMT+7", date(2025, 2, 18), ""),
        ("Thứ hai, ngày 12/02/2024", date(2024, 2, 12), ""),
        ("12/02/2024 | 08:15", date(2024, 2, 12), ""),
        ("2024-02-12", date(2024, 2, 12), ""),
        ("12-02-2024", date(2024, 2, 12), ""),
        ("Cập nhật: 14:20, 10/05/2023", date(2023, 5, 10), ""),
        ("Chủ nhật, 5/1/2025", date(2025, 1, 5), ""),
        ("Việt Anh 21:41 21/04/2023", date(2023, 4, 21), "Việt Anh"),
        ("Thứ Hai, ngày 6 tháng 5 năm 2024", date(2024, 5, 6), ""),
        ("Ngày đăng: 24/11/2025 | Lượt xem: 1.245", date(2025, 11, 24), ""),  # a view counter
        ("Thứ Hai, 02-12-2024, 14:20", date(2024, 12, 2), ""),
        ("Thứ Năm, 05/09/2024, 07:30 [GMT+7]", date(2024, 9, 5), ""),  # time zone in brackets
        ("Cập nhật ngày 22/10/2024 lúc 14:10", date(2024, 10, 22), ""),
        ("31/02/2024 08:00", None, ""),  # a dateline, but no such day: unknown stays unknown
    ],
)
def test_datelines_are_read(line: str, published: date | None, rest: str) -> None:
    dateline = read_dateline(line)
    assert dateline is not None
    assert (dateline.published, dateline.rest) == (published, rest)


@pytest.mark.parametrize(
    "line",
    [
        "Ngày 21/3/2023, tỉnh ban hành kế hoạch giảm nghèo cho các huyện vùng cao.",
        "Đến ngày 30/9/2024, dư nợ đạt 4,3 tỷ đồng",
        "Sáng 23/8, UBND tỉnh tổ chức hội nghị",  # no year
        "Năm 2024, Sơn La vượt kế hoạch giảm nghèo",
        "Ninh Thuận, 18/2 (TTXVN) - Theo kết quả rà soát",
        "Kết quả rà soát ngày 31/12/2024 của tỉnh Sơn La",
        "Lượt xem: 1.245 | Nguồn: báo tỉnh 24/11/2025",  # a counter does not make any line one
    ],
)
def test_a_date_inside_a_sentence_or_title_is_no_dateline(line: str) -> None:
    assert read_dateline(line) is None


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("BÁO HÀ TĨNH", "Báo Hà Tĩnh"),
        ("BÁO LẠNG SƠN", "Báo Lạng Sơn"),
        ("BÁO KON TUM ĐIỆN TỬ", "Báo Kon Tum điện tử"),
        ("Báo Sóc Trăng điện tử", "Báo Sóc Trăng điện tử"),
        ("Báo Nông nghiệp và Môi trường", "Báo Nông nghiệp và Môi trường"),
        ("VietnamPlus", "VietnamPlus"),
        ("Tạp chí Lao động và Xã hội", "Tạp chí Lao động và Xã hội"),
        ("Báo động tình trạng tái nghèo ở vùng cao", None),  # "động": lower case, a title
        ("Báo cáo kết quả giảm nghèo năm 2024", None),
        ("Sơn Tây quyết tâm thoát huyện nghèo", None),
        ("Báo Hà Tĩnh có 12 phóng viên.", None),
    ],
)
def test_mastheads(line: str, outlet: str | None) -> None:
    assert masthead(line) == outlet


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("Xã hội", True),
        ("Trang chủ > Xã hội", True),
        ("Xã hội > Giảm nghèo", True),
        ("Chính trị | Kinh tế | Xã hội | Dân tộc - Tôn giáo", True),
        ("Kinh tế > Nông nghiệp - Nông thôn", True),
        ("Kinh tế - Xã hội", True),
        ("Chính sách - Pháp luật", True),
        ("Hoa Thám: Đổi thay từ những đồng vốn giảm nghèo", False),
        ("Đổi thay ở các xã bãi ngang ven biển Hà Tĩnh", False),
        ("Hạ tầng đi trước một bước", False),
        ("Sơn La - Giảm nghèo năm 2024", False),  # a digit: a title
    ],
)
def test_section_lines(line: str, section: bool) -> None:
    assert is_section_line(line) is section


@pytest.mark.parametrize(
    ("publisher", "province"),
    [
        ("Báo Lạng Sơn", "province/lang-son"),
        ("Báo Sóc Trăng điện tử", "province/soc-trang"),
        ("Baoquangngai.vn", "province/quang-ngai"),
        ("Báo Nông nghiệp và Môi trường", None),
        ("VietnamPlus", None),
        ("Baoxyz.vn", None),
    ],
)
def test_the_province_of_a_provincial_outlet(publisher: str, province: str | None) -> None:
    found = publisher_provinces(publisher, date(2024, 9, 1))
    assert [p.path for p in found] == ([province] if province else [])


PAGE = (
    "{masthead}\n{section}\n\n{title}\n\n{dateline}\n\n{lead} - Những năm qua, xã Hoa Thám "
    "(huyện Bình Gia) có 61 hộ thoát nghèo.\n\nNÔNG HẢI\n"
)


@pytest.mark.parametrize(
    ("masthead_line", "section", "dateline", "lead", "published", "provinces"),
    [
        ("BÁO LẠNG SƠN", "Kinh tế > Nông nghiệp", "07:10, 16/09/2024", "LSO", date(2024, 9, 16),
         ("province/lang-son",)),
        ("Báo Lạng Sơn", "Xã hội", "Cập nhật lúc 07:45 ngày 11/10/2024", "(BLS)",
         date(2024, 10, 11), ("province/lang-son",)),
        ("VietnamPlus", "Xã hội", "18/02/2025 15:40 GMT+7", "(TTXVN)", date(2025, 2, 18), ()),
    ],
)  # fmt: skip
def test_a_real_page_header(masthead_line, section, dateline, lead, published, provinces) -> None:
    title = "Hoa Thám: Đổi thay từ những đồng vốn giảm nghèo"
    text = PAGE.format(
        masthead=masthead_line, section=section, title=title, dateline=dateline, lead=lead
    )
    d = document_from_text(text, "a.txt")
    main = [d.text[s:e] for s, e in d.main_text]
    assert d.title == title
    assert d.published == published
    assert d.provinces == provinces
    assert masthead_line not in main and section not in main and dateline not in main
    assert main[0] == title and main[1].startswith(lead)


def test_a_masthead_does_not_override_the_province_the_body_names() -> None:
    text = "BÁO LẠNG SƠN\n\nGiảm nghèo ở Cao Bằng\n\n12/02/2024 | 08:15\n\nTỉnh Cao Bằng có 10 hộ."
    assert document_from_text(text, "a.txt").provinces == ("province/cao-bang",)
