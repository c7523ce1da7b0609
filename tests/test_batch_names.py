"""File names from facts: legal on Windows, macOS and Linux, whatever the facts hold."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from drafter.batch.names import MAX_BYTES, NameBook, sanitise

RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$", re.I)


@given(st.text())
def test_sanitised_names_are_legal_everywhere(text: str) -> None:
    name = sanitise(text)
    assert not re.search(r'[<>:"/\\|?*\x00-\x1f\x7f]', name)
    assert not name.endswith((" ", ".")) and not name.startswith(".")
    assert not RESERVED.match(name.split(".")[0].strip())
    assert len(name.encode("utf-8")) <= MAX_BYTES
    assert sanitise(name) == name


def test_windows_characters_become_their_full_width_forms() -> None:
    assert sanitise('县委/县政府:办公室*?"<>|\\') == "县委／县政府：办公室＊？＂＜＞｜＼"
    assert sanitise("aux") == "aux_" and sanitise("LPT1.备份") == "LPT1.备份_"
    assert sanitise("  -汇报-  ") == "汇报"


@given(st.lists(st.sampled_from(["汇报", "汇报", "Report", "report", "汇报_2"]), max_size=12))
def test_name_book_never_hands_out_a_name_twice_even_case_insensitively(stems: list[str]) -> None:
    book = NameBook()
    names = [book.claim(stem, ".docx") for stem in stems]
    assert len({n.casefold() for n in names}) == len(names)
