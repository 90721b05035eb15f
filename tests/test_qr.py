"""render/qr.py: the QR matrix is qrcode's own, its mask chosen faster but by qrcode's rule."""

from __future__ import annotations

import random
import re

import pytest
import qrcode
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode import util as qr_util
from qrcode.constants import ERROR_CORRECT_M

from paperasse.render import qr
from paperasse.resources import guides_dir


def qrcode_own(data: str) -> tuple[int, tuple[tuple[bool, ...], ...]]:
    """The mask and the matrix qrcode makes by itself (its own best_mask_pattern)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    matrix = tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
    return code.best_mask_pattern(), matrix


def ours(data: str) -> tuple[int, tuple[tuple[bool, ...], ...]]:
    code = qr._MaskChoosingCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    return code.best_mask_pattern(), qr.qr_matrix.__wrapped__(data)


def bundled_links() -> list[str]:
    links: set[str] = set()
    for path in guides_dir().rglob("*.md"):
        links.update(re.findall(r"https?://[^\s)>\]\"']+", path.read_text(encoding="utf-8")))
    return sorted(links)


def test_every_bundled_link_gets_qrcodes_own_matrix() -> None:
    links = bundled_links()
    assert len(links) > 20  # the guides' official pages, not an empty list
    masks = set()
    for link in links:
        mask, matrix = ours(link)
        assert (mask, matrix) == qrcode_own(link), link
        masks.add(mask)
    assert len(masks) >= 4  # the choice really varies (a constant mask would fail above)


@pytest.mark.parametrize("version", [1, 2, 6, 7, 10, 14, 22, 27, 33, 40])
def test_same_choice_as_qrcode_at_every_size(version: int) -> None:
    """Versions 7 and up carry version information, 10 and 27 change the length fields."""
    capacity = [0, 14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450,
                504, 560, 624, 666, 711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452,
                1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331]  # fmt: skip
    rng = random.Random(version)
    size = capacity[version]
    data = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz/.-_?=&%0123456789") for _ in range(size))
    mask, matrix = ours(data)
    assert len(matrix) == 4 * version + 17 + 8
    assert (mask, matrix) == qrcode_own(data)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_same_choice_as_qrcode_for_any_text(data: str) -> None:
    assert ours(data) == qrcode_own(data)


def test_mask_tiles_are_qrcodes_mask_functions() -> None:
    """The masks repeat every 12 modules: the tiled rows and columns are qrcode's functions."""
    for size in (21, 45, 177):
        rows, columns = qr._mask_rows(size)
        for pattern in range(8):
            flips = qr_util.mask_func(pattern)
            for i in range(size):
                expected = "".join("1" if flips(i, j) else "0" for j in range(size))
                assert format(rows[pattern][i], f"0{size}b") == expected
                expected = "".join("1" if flips(j, i) else "0" for j in range(size))
                assert format(columns[pattern][i], f"0{size}b") == expected


def test_lost_point_is_qrcodes() -> None:
    rng = random.Random(7)
    for size in (21, 25, 57):
        for dark in (0.2, 0.5, 0.5, 0.8) * 5:  # rule 4 scores the dark share
            matrix = [[rng.random() < dark for _ in range(size)] for _ in range(size)]
            rows = qr._bits(matrix)
            columns = qr._bits([list(column) for column in zip(*matrix, strict=True)])
            assert qr.lost_point(rows, columns, size) == qr_util.lost_point(matrix)


def test_equal_scores_keep_the_first_mask(monkeypatch: pytest.MonkeyPatch) -> None:
    """As qrcode: of masks scoring the same, the first wins (scores 5, 3, 3, 3...: mask 1)."""
    scores = iter([5, 3, 3, 3, 3, 4, 3, 9])
    monkeypatch.setattr(qr, "lost_point", lambda rows, columns, size: next(scores))
    code = qr._MaskChoosingCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data("https://www.ameli.fr/")
    code.best_fit()
    assert code.best_mask_pattern() == 1
