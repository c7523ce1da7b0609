"""Chinese numerals (一 .. 九百九十九), shared by every stage that reads or writes numbering.

Pure functions with no dependencies, so the earliest stage (split) and the last
(render) can use the same rules.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_VALUES = {**{c: i for i, c in enumerate(_DIGITS)}, "〇": 0, "两": 2}


def to_chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (1..999)."""
    if not 1 <= n <= 999:
        raise ValueError(f"Chinese numerals are supported for 1..999, not {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _DIGITS[hundreds] + "百"
    if rest < 10:
        return _DIGITS[hundreds] + "百零" + _DIGITS[rest]
    # Within hundreds the tens digit is spoken: 一百一十二, not 一百十二.
    tail = to_chinese(rest) if rest >= 20 else "一" + to_chinese(rest)
    return _DIGITS[hundreds] + "百" + tail


def parse_chinese(text: str) -> int | None:
    """A Chinese numeral's value, leniently (〇, 两, 一十 accepted); None when not one."""
    if not text:
        return None
    total, current = 0, 0
    for char in text:
        if char in _VALUES:
            current = _VALUES[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return (total + current) or None


def parse_canonical(text: str) -> int:
    """A numeral written the usual way (十二, not 一二 or 十十); ValueError otherwise.

    Heading detection needs the strict form: 一二季度 must not read as 12."""
    value = parse_chinese(text)
    if value is None or to_chinese(value) != text.replace("两", "二"):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return value
