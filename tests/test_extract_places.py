"""Where a figure holds, on phrasings the seeds do not have: the whole country, the unit in
focus ("tỉnh", "của huyện"), merged and pre-merger units, districts named bare after being
named with their type word, descriptions of a place, posts of people, and units the gazetteer
does not know (placed under the district or merged province the text speaks of)."""

from __future__ import annotations

import pytest

from graph.documents import document_from_text
from graph.extract import extract
from graph.gazetteer import gazetteer


def areas(text: str) -> list[tuple[str, str]]:
    """(quote, area) of every measurement of ``text``."""
    extraction = extract(document_from_text(text, "t.txt"))
    return [(m.span.quote, m.area) for m in extraction.measurements]


def mentions(text: str) -> list[tuple[str, str | None, bool]]:
    """(words, level, whole) of every place the gazetteer finds in ``text``."""
    return [(text[m.start : m.end], m.level, m.whole) for m in gazetteer().find(text)]


# --- the gazetteer's finder -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a bare type word that is a subject names the unit in focus
        ("Năm 2025, tỉnh phấn đấu giảm 3%", [("tỉnh", "province", True)]),
        ("tỷ lệ hộ nghèo của huyện ước giảm", [("huyện", "district", True)]),
        ("Xã có 2.176 hộ", [("Xã", "commune", True)]),
        # ... and a common noun anywhere else
        ("các huyện nghèo giảm 5%", []),
        ("UBND tỉnh yêu cầu các xã, phường đẩy nhanh", []),
        ("vẫn là huyện có tỷ lệ hộ nghèo cao nhất tỉnh", []),
        # the whole country
        ("cả nước có 519.362 hộ nghèo", [("cả nước", "country", False)]),
        ("trên phạm vi toàn quốc", [("trên phạm vi toàn quốc", "country", False)]),
        # words between the type word and the name
        (
            "Ở huyện vùng cao biên giới Mường Lát, tỷ lệ",
            [("huyện vùng cao biên giới Mường Lát", "district", False)],
        ),
        # a longer name than the gazetteer's is another unit
        ("huyện Điện Biên Đông", [("huyện Điện Biên Đông", "district", False)]),
        ("Ở thành phố Điện Biên Phủ, tỷ lệ", [("thành phố Điện Biên Phủ", "district", False)]),
        ("UBND tỉnh Lào Cai Trịnh Xuân Trường", [("tỉnh Lào Cai", "province", False)]),
        # the party committee of a unit names the unit
        ("Năm 2024, Huyện ủy Mường Nhé ban hành", [("Huyện ủy Mường Nhé", "district", False)]),
        # nor do committees and compounds make a unit in focus
        ("tổng vốn 236 tỷ đồng, xã hội hóa 52,6 tỷ đồng", []),
        # a country in a list of countries is no area
        ("ngã ba biên giới Việt Nam - Lào - Trung Quốc", []),
        # the holder of a post, not a unit
        ("Chủ tịch UBND xã Sùng Mí Dính cho biết, xã có 2.176 hộ", [("xã", "commune", True)]),
        (
            "Chủ tịch UBND xã Châu Kim (huyện Quế Phong) cho biết",
            [("xã Châu Kim", "commune", False), ("huyện Quế Phong", "district", False)],
        ),
        (
            "Ông Hầu A Lềnh, Chủ tịch UBND xã Dền Sáng cho biết",
            [("xã Dền Sáng", "commune", False)],
        ),
    ],
)
def test_places_the_gazetteer_finds(text: str, found: list[tuple[str, str | None, bool]]) -> None:
    assert mentions(text) == found


def test_new_and_old_marks() -> None:
    gaz = gazetteer()
    new, old = gaz.find("tỉnh Thái Nguyên (mới) và Thái Nguyên (cũ)")
    assert (new.new, old.old) == (True, True)
    assert gaz.resolve(new, None).path == "province/thai-nguyen"
    assert gaz.resolve(old, None).path == "province/thai-nguyen-pre-2025"
    (unknown,) = gaz.find("Huyện Pác Nặm (cũ) có")
    assert (unknown.name, unknown.old, unknown.end) == ("Pác Nặm", True, len("Huyện Pác Nặm (cũ)"))


# --- areas of figures -----------------------------------------------------------------------


def test_national_figures_are_the_countrys() -> None:
    text = (
        "Cả nước còn hơn 500.000 hộ nghèo\n\n"
        " date 2025-02-19 Năm 2024, cả nước có 519.362 hộ nghèo, chiếm tỷ lệ 1,93%.\n\n"
        "Một số địa phương còn tỷ lệ hộ nghèo cao như Điện Biên (21,88%), Hà Giang (20,67%)."
        " Ngược lại, Bình Dương đã không còn hộ nghèo, Hà Nội chỉ còn 0,02%.\n\n"
        "Tại tỉnh Sơn La, tỷ lệ hộ nghèo còn 15,01%. Huyện Sốp Cộp còn 4.210 hộ nghèo.\n\n"
        "Năm 2025, Bộ đặt mục tiêu giảm tỷ lệ hộ nghèo từ 0,8 - 1 điểm phần trăm.\n"
    )
    assert areas(text) == [
        ("còn hơn 500.000 hộ nghèo", "country/vn"),
        ("519.362 hộ nghèo", "country/vn"),
        ("chiếm tỷ lệ 1,93%", "country/vn"),
        ("21,88%", "province/dien-bien"),
        ("20,67%", "province/ha-giang"),
        ("không còn hộ nghèo", "province/binh-duong"),
        ("còn 0,02%", "province/ha-noi"),
        ("còn 15,01%", "province/son-la"),
        ("còn 4.210 hộ nghèo", "district/son-la/sop-cop"),  # in the province named before
        ("từ 0,8 - 1 điểm phần trăm", "country/vn"),  # not the last province named
    ]


def test_the_province_again_after_a_district() -> None:
    text = (
        "Lào Cai: Tỷ lệ hộ nghèo giảm còn 7,1%\n\n"
        "Huyện Si Ma Cai giảm 6,2% hộ nghèo. Năm 2025, tỉnh phấn đấu giảm tỷ lệ hộ nghèo từ"
        " 3-3,5%, không còn huyện nghèo.\n"
    )
    assert [a for _, a in areas(text)] == [
        "province/lao-cai",
        "district/lao-cai/si-ma-cai",
        "province/lao-cai",
        "province/lao-cai",
    ]


def test_a_district_named_bare_after_its_type_word() -> None:
    text = (
        " date 2024-12-27 Nghệ An hiện có ba huyện nghèo là Kỳ Sơn, Tương Dương và Quế Phong."
        " Năm 2024, tỷ lệ hộ nghèo huyện Kỳ Sơn giảm từ 39,62% xuống 33,18%; Quế Phong giảm"
        " 5,41 điểm phần trăm, còn 21,06%. Ông Lương Văn Khánh, Chủ tịch UBND xã Châu Kim"
        " (huyện Quế Phong) cho biết xã giảm được 96 hộ nghèo.\n"
    )
    assert areas(text)[3:] == [
        ("giảm 5,41 điểm phần trăm", "district/nghe-an/que-phong"),
        ("còn 21,06%", "district/nghe-an/que-phong"),
        ("giảm được 96 hộ nghèo", "commune/nghe-an/que-phong/chau-kim"),
    ]


def test_merged_and_pre_merger_units_and_descriptions_of_a_place() -> None:
    text = (
        "Thái Nguyên dự kiến giảm hơn 4.000 hộ nghèo năm nay\n\n"
        "Thứ năm, 20/11/2025, 08:30 (GMT+7)\n\n"
        "Tỉnh Thái Nguyên (mới) có 21.380 hộ nghèo. Riêng khu vực Bắc Kạn (cũ) có 14.850 hộ"
        " nghèo, gấp nhiều lần khu vực Thái Nguyên (cũ) với 2,02%.\n\n"
        "Huyện Pác Nặm (cũ) - từng là một trong hai huyện nghèo của Bắc Kạn - có tỷ lệ hộ nghèo"
        " giảm từ 46,9% năm 2021 xuống còn 31,2% cuối năm 2024. Tại xã Bằng Thành, hiện vẫn"
        " còn 1.126 hộ nghèo.\n"
    )
    assert areas(text) == [
        ("giảm hơn 4.000 hộ nghèo", "province/thai-nguyen"),
        ("21.380 hộ nghèo", "province/thai-nguyen"),
        ("14.850 hộ nghèo", "province/bac-kan"),
        ("2,02%", "province/thai-nguyen-pre-2025"),
        ("từ 46,9%", "district/bac-kan/pac-nam"),  # a district was of a pre-merger province
        ("xuống còn 31,2%", "district/bac-kan/pac-nam"),
        ("còn 1.126 hộ nghèo", "commune/thai-nguyen/bang-thanh"),  # no districts after 1/7/2025
    ]


def test_a_commune_is_in_the_district_the_text_speaks_of_while_districts_exist() -> None:
    text = (
        " date 2024-07-15 Tỉnh Điện Biên giảm 4,82 điểm phần trăm hộ nghèo.\n\n"
        "Ở huyện Mường Nhé, hiện còn 5.912 hộ nghèo, chiếm 48,3%."
        " Tại xã Sín Thầu, nơi có ngã ba biên giới Việt Nam - Lào - Trung Quốc, 286/412 hộ"
        " là hộ nghèo, tỷ lệ gần 70%.\n"
    )
    assert [a for _, a in areas(text)] == [
        "province/dien-bien",
        "district/dien-bien/muong-nhe",
        "district/dien-bien/muong-nhe",
        "commune/dien-bien/muong-nhe/sin-thau",
        "commune/dien-bien/muong-nhe/sin-thau",
    ]


def test_the_holder_of_a_post_is_no_place_and_the_unit_in_focus_is() -> None:
    text = (
        " date 2025-10-17 Tỉnh Tuyên Quang (mới) có 62.415 hộ nghèo.\n\n"
        "Tại xã Lũng Cú, tỷ lệ hộ nghèo hiện vẫn ở mức 41,3%. Chủ tịch UBND xã Sùng Mí Dính cho"
        " biết, xã có 899 hộ nghèo.\n"
    )
    assert [a for _, a in areas(text)] == [
        "province/tuyen-quang",
        "commune/tuyen-quang/lung-cu",
        "commune/tuyen-quang/lung-cu",
    ]


def test_a_district_article_of_a_provincial_newspaper() -> None:
    text = (
        "Mèo Vạc chuyển biến tích cực trong giảm nghèo\n\n10/12/2024 | 16:05\n\n"
        "(BHG) - Là một trong hai huyện nghèo nhất tỉnh, Mèo Vạc đã tập trung nguồn lực."
        " Năm 2024, tỷ lệ hộ nghèo của huyện ước giảm 6,2 điểm phần trăm.\n\n"
        "Huyện Mèo Vạc có 18 xã, thị trấn. Đầu năm 2024, toàn huyện có 9.136 hộ nghèo.\n\n"
        "Xã Pả Vi là điểm sáng. Năm 2024, tỷ lệ hộ nghèo của xã giảm từ 38,6% xuống còn 29,4%.\n"
    )
    assert areas(text) == [
        ("giảm 6,2 điểm phần trăm", "district/ha-giang/meo-vac"),
        ("9.136 hộ nghèo", "district/ha-giang/meo-vac"),
        ("từ 38,6%", "commune/ha-giang/meo-vac/pa-vi"),
        ("xuống còn 29,4%", "commune/ha-giang/meo-vac/pa-vi"),
    ]


def test_a_paragraph_opens_with_a_place_only_before_its_first_figure() -> None:
    text = (
        " date 2025-10-17 Tỉnh Tuyên Quang có 62.415 hộ nghèo.\n\n"
        "Năm 2025, mục tiêu giảm tỷ lệ hộ nghèo từ 3,5 - 4 điểm phần trăm, riêng khu vực"
        " Hà Giang (cũ) giảm từ 5 - 6 điểm phần trăm.\n"
    )
    assert [a for _, a in areas(text)] == [
        "province/tuyen-quang",
        "province/tuyen-quang",
        "province/ha-giang",
    ]
