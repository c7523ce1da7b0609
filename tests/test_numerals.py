from hypothesis import given
from hypothesis import strategies as st

from drafter.numerals import parse_canonical, parse_chinese, to_chinese


@given(st.integers(min_value=1, max_value=999))
def test_round_trip(n: int) -> None:
    assert parse_chinese(to_chinese(n)) == n
    assert parse_canonical(to_chinese(n)) == n


def test_known_forms() -> None:
    assert [to_chinese(n) for n in (1, 10, 12, 20, 99, 100, 105, 112)] == [
        "一", "十", "十二", "二十", "九十九", "一百", "一百零五", "一百一十二"]
    assert parse_chinese("两") == 2 and parse_chinese("〇") is None and parse_chinese("篇") is None


def test_canonical_refuses_runs_of_digits() -> None:
    # 一二季度 must not read as a heading numbered 12
    for text in ("一二", "十十", "二二"):
        try:
            parse_canonical(text)
        except ValueError:
            continue
        raise AssertionError(text)
