"""Reading articles: NFC text, metadata, the main text, and clear errors for unreadable input."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from graph.documents import DocumentError, document_from_text, read_document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(number: str):
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return read_document(path)


def main_text(document) -> str:
    return "\n".join(document.text[s:e] for s, e in document.main_text)


# --- metadata of the seeds -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "published", "title", "authors", "publisher", "provinces"),
    [
        (
            "000",
            date(2025, 12, 4),
            None,
            (),
            None,
            ("province/bac-ninh", "province/bac-ninh-pre-2025"),
        ),
        (
            "001",
            date(2023, 4, 21),
            "Bắc Ninh: Nỗ lực giảm nghèo đa chiều bền vững",
            ("Việt Anh",),
            "Báo Tài nguyên và Môi trường",
            ("province/bac-ninh-pre-2025",),
        ),
        ("002", None, None, (), None, ("province/bac-kan",)),
        (
            "003",
            None,  # "Sáng 23/8" has no year: unknown stays unknown
            "Bắc Kạn: Những kết quả ấn tượng trong công tác giảm nghèo",
            ("Quỳnh Nga",),
            None,
            ("province/bac-kan",),
        ),
        ("004", date(2025, 9, 3), None, (), None, ("province/cao-bang",)),
    ],
)
def test_seed_metadata(number, published, title, authors, publisher, provinces) -> None:
    d = seed(number)
    assert d.published == published
    assert d.title == title
    assert d.authors == authors
    assert d.publisher == publisher
    assert d.provinces == provinces


def test_slug_hash_and_file_name() -> None:
    d = seed("000")
    assert d.file_name == "000_a1a3ac5b4d469efe.txt"
    assert d.slug == "000-a1a3ac5b4d469efe"
    assert d.sha256 == hashlib.sha256(d.text.encode("utf-8")).hexdigest()
    assert d.path is not None and d.path.name == d.file_name


def test_seed_text_is_the_file_text() -> None:
    for path in SEEDS.glob("*.txt"):
        assert read_document(path).text == path.read_text(encoding="utf-8")


# --- main text ------------------------------------------------------------------------------


def test_header_date_is_not_main_text_but_the_lead_is() -> None:
    d = seed("000")
    first_start, _ = d.main_text[0]
    assert d.text[first_start:].startswith("Theo số liệu thống kê, năm 2021")


def test_photo_caption_is_left_out() -> None:
    text = main_text(seed("000"))
    assert "(Ảnh minh họa: Văn Quân)" not in text
    assert "Tỉnh Bắc Ninh đã xây dựng hơn 500 mô hình sinh kế" not in text
    assert "tỉnh đã xây dựng hơn 500 mô hình sinh kế, trong đó" in text


def test_related_blocks_image_names_and_their_captions_are_left_out() -> None:
    d = seed("001")
    text = main_text(d)
    for left_out in (
        "Xã hội\n",
        "Việt Anh 21:41",
        "6.jpg",
        "Nhiều hoạt động an sinh xã hội được xã hội quan tâm",
        "bi-thu-du-le-ban-giao-nha",
        "UBND tỉnh Bắc Ninh hỗ trợ người nghèo xây dựng nhà đại đoàn kết",
        "22-5-2022-chinh-sach-xa-hoi.jpg",
        "Bài liên quan",
        "sử dụng nguồn tài nguyên nước hiệu quả",
        "Nổi bật",
        "Quan Sơn",
        "Đừng bỏ lỡ",
        "2461/QĐ-BTNMT",
        "120 doanh nghiệp",
        "POWERED BY",
    ):
        assert left_out not in text, left_out
    assert text.startswith("Bắc Ninh: Nỗ lực giảm nghèo đa chiều bền vững")
    assert "Năm 2023, 100% hộ nghèo có nhà ở an toàn và ổn định" in text  # a heading
    assert text.rstrip().endswith("lan tỏa trong xã hội...")


def test_other_news_after_the_byline_is_left_out() -> None:
    text = main_text(seed("003"))
    assert "Quỳnh Nga" not in text
    assert "OCOP 4 sao" not in text
    assert "Yên Bái" not in text
    assert text.rstrip().endswith("nhà ở đạt tiêu chuẩn trong thời gian tới.")


def test_credit_caption_and_image_line_are_left_out() -> None:
    assert "Ảnh: TL." not in main_text(seed("004"))
    text = main_text(seed("002"))
    assert "W-dan toc mien nui.jpg" not in text
    assert "Tại cấp xã, thị trấn Đồng Tâm" in text  # the paragraph after an image line stays


def test_main_text_ranges_are_ordered_lines_of_the_text() -> None:
    for path in SEEDS.glob("*.txt"):
        d = read_document(path)
        previous = -1
        for start, end in d.main_text:
            assert previous < start < end <= len(d.text)
            assert "\n" not in d.text[start:end]
            previous = end


def test_article_closing_mark_ends_the_main_text() -> None:
    d = document_from_text(
        "Tỉnh A có 10 hộ nghèo.../.\nTin khác: tỉnh B có 20 hộ nghèo.\n", "a.txt"
    )
    assert main_text(d) == "Tỉnh A có 10 hộ nghèo.../."


def test_inline_links_bullets_and_upper_case_bylines() -> None:
    text = (
        "Tỉnh A có 10 hộ nghèo.\nXem thêm: Tỉnh B hỗ trợ 200 căn nhà\n • Tỉnh C có 5 hộ\n"
        "KẾT QUẢ NỔI BẬT\nNăm 2023 có 3 hộ thoát nghèo.\n\nNGUYỄN HÙNG\n\nTỉnh D có 9 hộ.\n"
    )
    d = document_from_text(text, "a.txt")
    assert main_text(d).splitlines() == [
        "Tỉnh A có 10 hộ nghèo.",
        "KẾT QUẢ NỔI BẬT",  # an upper-case heading is not a byline
        "Năm 2023 có 3 hộ thoát nghèo.",
    ]
    assert d.authors == ("NGUYỄN HÙNG",)


def test_source_line_gives_the_publisher() -> None:
    d = document_from_text("Tỉnh A có 10 hộ nghèo.\n\nTheo Báo Bắc Kạn\n\nTin khác.\n", "a.txt")
    assert d.publisher == "Báo Bắc Kạn"
    assert main_text(d) == "Tỉnh A có 10 hộ nghèo."


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published"),
    [
        (" date 2024-03-01 Tỉnh A có 10 hộ nghèo.", date(2024, 3, 1)),
        (
            "Tiêu đề bài viết về giảm nghèo\nThứ Ba, 12/09/2023 14:20\nNội dung bài.",
            date(2023, 9, 12),
        ),
        ("Tiêu đề bài viết về giảm nghèo\nMinh Anh 08:15 15/01/2024\nNội dung.", date(2024, 1, 15)),
        ("Tiêu đề bài viết về giảm nghèo\n2024-05-06 10:00\nNội dung.", date(2024, 5, 6)),
        (
            "Tiêu đề bài viết về giảm nghèo\nThứ Hai, ngày 6 tháng 5 năm 2024\nNội dung.",
            date(2024, 5, 6),
        ),
        ("Sáng 23/8, UBND tỉnh tổ chức hội nghị.", None),
        ("Ngày 21/3/2023, tỉnh ban hành kế hoạch giảm nghèo cho các huyện vùng cao.", None),
        (" date 2024-02-30 Ngày không có thật.", None),
        (  # a time zone after the time is no sentence end
            "Tiêu đề bài viết về giảm nghèo\nThứ năm, 20/11/2025, 08:30 (GMT+7)\nNội dung.",
            date(2025, 11, 20),
        ),
    ],
)
def test_publication_date(text: str, published: date | None) -> None:
    assert document_from_text(text, "a.txt").published == published


@pytest.mark.parametrize(
    "dateline",
    ["Thứ Tư, 19/02/2025 10:35", "Thứ năm, 20/11/2025, 08:30 (GMT+7)", "Chủ nhật, 5/1/2025"],
)
def test_a_weekday_in_the_dateline_is_not_an_author(dateline: str) -> None:
    d = document_from_text(f"Tiêu đề bài viết về giảm nghèo\n\n{dateline}\n\nNội dung.", "a.txt")
    assert d.published is not None and d.authors == ()
    assert dateline not in main_text(d)


# --- provinces the article is about ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "provinces"),
    [
        (  # a national review naming provinces once each: about none of them
            "Cả nước còn 500.000 hộ nghèo\n\nCả nước giảm 1 điểm phần trăm hộ nghèo.\n\n"
            "Tỷ lệ cao ở Điện Biên, Hà Giang. Ngược lại, Bình Dương không còn hộ nghèo.",
            (),
        ),
        (  # one province named once is the article's
            "Giảm nghèo ở vùng cao\n\nNăm 2024, tỉnh Sơn La giảm 4.000 hộ nghèo.",
            ("province/son-la",),
        ),
        (  # the title's province first, then the most named
            "Thái Nguyên giảm nghèo\n\nSau hợp nhất với Bắc Kạn, Bắc Kạn cũ còn nhiều hộ nghèo."
            " Bắc Kạn (cũ) có 14.850 hộ nghèo.",
            ("province/thai-nguyen", "province/bac-kan"),
        ),
        (  # no province named: the provincial newspaper's (agency mark of the lead)
            "Mèo Vạc chuyển biến tích cực\n\n10/12/2024 | 16:05\n\n(BHG) - Năm 2024, huyện"
            " giảm 6,2 điểm phần trăm hộ nghèo.",
            ("province/ha-giang",),
        ),
        (  # a national outlet's mark gives no province
            "Giảm nghèo bền vững\n\n(LĐO) - Cả nước giảm 1 điểm phần trăm hộ nghèo.",
            (),
        ),
    ],
)
def test_provinces_the_article_is_about(text: str, provinces: tuple[str, ...]) -> None:
    assert document_from_text(text, "a.txt").provinces == provinces


# --- text handling --------------------------------------------------------------------------


def test_text_is_nfc_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Tỉnh Bắc Kạn có 22.300 hộ nghèo.")
    d = document_from_text(decomposed, "a.txt")
    assert d.text == unicodedata.normalize("NFC", decomposed)
    assert d.text != decomposed


def test_newlines_are_kept_as_they_are() -> None:
    d = document_from_text("Dòng một có 10 hộ.\r\n\r\nDòng hai có 20 hộ.\r\n", "a.txt")
    assert d.text == "Dòng một có 10 hộ.\r\n\r\nDòng hai có 20 hộ.\r\n"
    assert [d.text[s:e] for s, e in d.main_text] == ["Dòng một có 10 hộ.", "Dòng hai có 20 hộ."]


def test_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTỉnh A có 10 hộ nghèo.".encode())
    assert read_document(path).text == "Tỉnh A có 10 hộ nghèo."


# --- unreadable input -----------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as error:
        read_document(path)
    assert error.value.problem.file == "empty.txt"
    assert "empty" in error.value.problem.message


def test_non_utf8_reports_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Dòng một.\nDòng hai.\n".encode() + b"D\xf2ng ba.\n")
    with pytest.raises(DocumentError) as error:
        read_document(path)
    problem = error.value.problem
    assert (problem.file, problem.line) == ("latin.txt", 3)
    assert "UTF-8" in problem.message and "0xf2" in problem.message
    assert str(problem).startswith("latin.txt:3: ")


def test_binary_data(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"line one\nline two\n\x89PNG\x00\x00\x01")
    with pytest.raises(DocumentError) as error:
        read_document(path)
    assert (error.value.problem.line, "binary" in error.value.problem.message) == (3, True)


def test_control_characters_in_text_are_binary() -> None:
    with pytest.raises(DocumentError) as error:
        document_from_text("ok\n\x07bell", "a.txt")
    assert error.value.problem.line == 2


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as error:
        read_document(tmp_path / "nowhere.txt")
    assert error.value.problem.file == "nowhere.txt"
    assert "cannot read" in error.value.problem.message


def test_a_list_of_other_news_without_a_byline_is_left_out() -> None:
    text = (SEEDS / "003_bd648df24c52cd8e.txt").read_text(encoding="utf-8")
    d = document_from_text(text.replace("Quỳnh Nga\n", ""), "003.txt")
    assert main_text(d).rstrip().endswith("nhà ở đạt tiêu chuẩn trong thời gian tới.")
    assert "Yên Bái" not in main_text(d)


def test_short_sections_of_the_article_itself_are_kept() -> None:
    text = (
        "Tỉnh A có 10 hộ nghèo.\n\nKết quả\n\nNăm 2023 giảm 2 hộ nghèo.\n\n"
        "Giải pháp\n\nNăm 2024 phấn đấu giảm 3 hộ nghèo.\n"
    )
    assert main_text(document_from_text(text, "a.txt")).count("\n") == 4


# --- bylines of real pages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "authors", "published"),
    [
        # an upper-case byline that is the article's last line (no known surname first)
        ("Tiêu đề bài viết về giảm nghèo\n\n30/12/2024 07:05\n\nTỉnh A có 10 hộ nghèo.\n\n"
         "MINH CHÂU\n\nTin cùng chuyên mục\nTỉnh B có 20 hộ nghèo\n", ("MINH CHÂU",),
         date(2024, 12, 30)),
        ("Tiêu đề bài viết về giảm nghèo\n\n30/12/2024 07:05\n\nTỉnh A có 10 hộ nghèo.\n\n"
         "HỒNG THOAN (thực hiện)\n", ("HỒNG THOAN",), date(2024, 12, 30)),
        # a byline with the desk after a slash
        ("Tiêu đề bài viết về giảm nghèo\n\nThứ tư, 09:12, 21/05/2025\n\nTỉnh A có 10 hộ nghèo."
         "\n\nNgọc Thanh/VOV-Miền Trung\n\nTin liên quan\nTỉnh B có 20 hộ nghèo\n",
         ("Ngọc Thanh",), date(2025, 5, 21)),
        # a byline between the title and the dateline (the dateline is still read)
        ("NHÂN DÂN\nXã hội > Giảm nghèo\n\nĐổi thay ở vùng cao xứ Thanh\n\nLÊ HOÀNG\n"
         "Thứ Hai, 02-12-2024, 14:20\n\nTỉnh A có 10 hộ nghèo.\n", ("LÊ HOÀNG",),
         date(2024, 12, 2)),
    ],
)  # fmt: skip
def test_bylines_of_real_pages(page: str, authors: tuple[str, ...], published: date) -> None:
    d = document_from_text(page, "a.txt")
    assert (d.authors, d.published) == (authors, published)
    assert main_text(d).splitlines()[-1] == "Tỉnh A có 10 hộ nghèo."


def test_an_upper_case_heading_followed_by_text_is_no_byline() -> None:
    text = "Tỉnh A có 10 hộ nghèo.\n\nKẾT QUẢ NỔI BẬT\n\nNăm 2023 có 3 hộ thoát nghèo.\n"
    d = document_from_text(text, "a.txt")
    assert d.authors == ()
    assert "KẾT QUẢ NỔI BẬT" in main_text(d)


# --- page furniture of the fourth blind set's outlets ----------------------------------------


def test_a_title_ending_in_a_closing_quote_and_a_byline_with_thuc_hien() -> None:
    page = (
        "BÁO KIÊN GIANG ĐIỆN TỬ\nXã hội - Dân tộc\n\n"
        'Giảm nghèo vùng đồng bào Khmer: "Trao cần câu, không chỉ trao con cá"\n\n'
        "Cập nhật ngày 22/10/2024 lúc 14:10\n\nTỉnh A có 10 hộ nghèo.\n\n"
        "NGỌC HÂN thực hiện\n\nTin cùng chuyên mục\nTỉnh B có 20 hộ nghèo\n"
    )
    d = document_from_text(page, "a.txt")
    assert d.title == 'Giảm nghèo vùng đồng bào Khmer: "Trao cần câu, không chỉ trao con cá"'
    assert (d.published, d.authors) == (date(2024, 10, 22), ("NGỌC HÂN",))
    assert main_text(d).splitlines() == [d.title, "Tỉnh A có 10 hộ nghèo."]


def test_a_quoted_sentence_under_the_title_is_still_body() -> None:
    page = 'Tiêu đề bài viết về giảm nghèo\n\nÔng A nói: "Xã còn 10 hộ nghèo."\n'
    d = document_from_text(page, "a.txt")
    assert main_text(d).splitlines()[-1] == 'Ông A nói: "Xã còn 10 hộ nghèo."'


@pytest.mark.parametrize(
    "heading",
    ["Các tin, bài viết khác", "Bài viết cùng chuyên mục", "Tin bài khác", "Các tin đã đưa:"],
)
def test_related_news_headings_end_the_article(heading: str) -> None:
    page = (
        "Tiêu đề bài viết về giảm nghèo\n\n18.06.2024 | 09:15\nMinh Khôi\n\n"
        f"Tỉnh A có 10 hộ nghèo.\n\n{heading}\nĐakrông phấn đấu giảm 5% hộ nghèo\n"
        "Quảng Trị giải ngân 82% vốn giảm nghèo\n"
    )
    d = document_from_text(page, "a.txt")
    assert main_text(d).splitlines() == ["Tiêu đề bài viết về giảm nghèo", "Tỉnh A có 10 hộ nghèo."]
    assert d.authors == ("Minh Khôi",)  # the byline at the top, under the dateline


@pytest.mark.parametrize(
    "caption",
    [
        "Biểu đồ tỷ lệ hộ nghèo huyện Đakrông giảm từ 36,85% xuống 26,74%. Đồ họa: Minh Khôi",
        "Đồ hoạ: Thu Hà",
        "Infographic: Tỉnh A giảm 2% hộ nghèo",
    ],
)
def test_chart_credits_are_captions(caption: str) -> None:
    page = f"Tỉnh A có 10 hộ nghèo.\n\n{caption}\n\nTỉnh A có 5 hộ cận nghèo.\n"
    d = document_from_text(page, "a.txt")
    assert main_text(d).splitlines() == ["Tỉnh A có 10 hộ nghèo.", "Tỉnh A có 5 hộ cận nghèo."]


def test_a_sentence_about_a_graphic_design_course_is_no_caption() -> None:
    page = "Tỉnh mở 3 lớp đồ họa cho 60 lao động nghèo. Thiết kế nhà ở do xã hỗ trợ.\n"
    assert main_text(document_from_text(page, "a.txt")) == page.strip()
