"""Plausible Vietnamese-style names for synthetic districts and communes.

Real place names are mostly two Sino-Vietnamese syllables drawn from a small stock ("Tân Lập",
"Yên Sơn", "Phú Thịnh"); combining two such stocks gives names that read like real ones without
claiming to be any particular real unit.
"""

from __future__ import annotations

import random

from graph.iris import slugify

FIRST = (
    "An", "Bình", "Cẩm", "Chiêm", "Đại", "Đông", "Đức", "Gia", "Hòa", "Hồng", "Hưng", "Hương",
    "Khánh", "Kim", "Lạc", "Lam", "Long", "Minh", "Mỹ", "Nam", "Nghĩa", "Ngọc", "Nhân", "Phú",
    "Phúc", "Phước", "Quang", "Quảng", "Quế", "Sơn", "Tam", "Tân", "Thạch", "Thanh", "Thịnh",
    "Thuận", "Thượng", "Tiên", "Tiến", "Trung", "Tường", "Vân", "Văn", "Vĩnh", "Xuân", "Yên",
)  # fmt: skip
SECOND = (
    "An", "Bình", "Cường", "Châu", "Điền", "Định", "Đức", "Giang", "Hà", "Hải", "Hiệp", "Hòa",
    "Hợp", "Hưng", "Khê", "Lâm", "Lập", "Lộc", "Lợi", "Long", "Mỹ", "Nghĩa", "Ninh", "Phong",
    "Phú", "Phúc", "Quang", "Sơn", "Tân", "Thành", "Thắng", "Thịnh", "Thủy", "Tiến", "Trạch",
    "Trung", "Trường", "Tú", "Tuyền", "Văn", "Vinh", "Xuân", "Yên",
)  # fmt: skip


def place_names(rng: random.Random, count: int, taken: set[str] | None = None) -> list[str]:
    """``count`` names whose slugs are distinct from each other and from ``taken`` (slugs).

    Distinct slugs, not just distinct names: "Văn Sơn" and "Vân Sơn" share the slug ``van-son``.
    """
    capacity = len(FIRST) * len(SECOND)
    used = set(taken or ())
    if count > capacity - len(used):
        raise ValueError(f"cannot make {count} distinct names (at most {capacity - len(used)})")
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(SECOND)}"
        first, second = name.split(" ")
        if first == second or slugify(name) in used:
            continue
        used.add(slugify(name))
        names.append(name)
    return names
