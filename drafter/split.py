"""Split a cleaned file into its pieces (documents), then link duplicates.

A scraped collection file looks like: a header (site blurb, the collection's
title, maybe a preface), then pieces each introduced by a marker line
(`篇一：标题`, `篇1`, `1.标题 篇一`, `标题篇十三`, `第一篇：标题`), then maybe a
footer. Markers are only accepted when they are short, shaped like a marker
and numbered 1, 2, 3... in order, so a body line that happens to contain 篇
never splits a document. Some pieces hold several speeches glued together;
those are cut into parts where a new speech visibly starts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath

from drafter.model import CleanText, Piece, SourceLine
from drafter.numerals import parse_chinese

# --- numbers -----------------------------------------------------------------

_NUM = r"[0-9０-９]{1,3}|[零〇一二两三四五六七八九十百]{1,5}"


def parse_number(text: str) -> int | None:
    """Read an Arabic or Chinese numeral up to 999 (`十三` → 13, `２` → 2)."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    return parse_chinese(text)


# --- markers -----------------------------------------------------------------

_SEP = r"[：:、.．\s]"
# Each pattern captures the piece number `n` and maybe a `title`.
_MARKER_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^篇(?P<n>{_NUM})(?:{_SEP}+(?P<title>.*))?$"),  # 篇一：标题 / 篇1
    re.compile(rf"^第(?P<n>{_NUM})篇(?:{_SEP}*(?P<title>.*))?$"),  # 第一篇：标题
    re.compile(rf"^[0-9０-９]{{1,3}}[.．、]\s*(?P<title>.+?)\s*篇(?P<n>{_NUM})$"),  # 1.标题 篇一
    re.compile(rf"^(?P<title>[^\s].*?)\s*篇(?P<n>{_NUM})$"),  # 标题篇十三
)
_MAX_MARKER_LEN = 80
# A marker's title is a name, never a sentence.
_SENTENCE_PUNCT = re.compile(r"[。！？；!?;]")


@dataclass(frozen=True)
class Marker:
    position: int  # index into CleanText.lines
    number: int
    title: str | None
    style: int = 0  # which marker pattern matched


def match_marker(text: str) -> tuple[int, str | None, int] | None:
    """The (number, title, style) a line claims if it is shaped like a piece marker."""
    text = text.strip()
    if not text or len(text) > _MAX_MARKER_LEN:
        return None
    for style, pattern in enumerate(_MARKER_PATTERNS):
        found = pattern.match(text)
        if not found:
            continue
        number = parse_number(found.group("n"))
        title = (found.groupdict().get("title") or "").strip(" ：:-—") or None
        if number is None or number < 1:
            continue
        if title is not None and _SENTENCE_PUNCT.search(title):
            continue
        return number, title, style
    return None


def _follows(chain: list[Marker], candidate: Marker) -> bool:
    """Whether candidate continues the numbered run.

    The next number always does; skipping one number (a marker lost in
    scraping) is allowed only for a marker written exactly like the run's
    last one (same style and same title), so a stray line cannot sneak in.
    """
    last = chain[-1]
    if candidate.number == last.number + 1:
        return True
    return (candidate.number == last.number + 2 and candidate.style == last.style
            and candidate.title == last.title)


def find_markers(lines: Sequence[SourceLine]) -> list[Marker]:
    """The marker lines of a file: the longest run numbered in order (1, 2, 3...).

    Requiring the sequence keeps stray lines (a table of contents, a body line
    ending in 篇X) from splitting anything. A run normally starts at 1; one
    starting later (the first marker was lost) needs at least two markers.
    On a tie the later run wins, since a table of contents comes before the
    pieces it lists.
    """
    candidates = []
    for position, line in enumerate(lines):
        claimed = match_marker(line.text)
        if claimed is not None:
            candidates.append(Marker(position, *claimed))
    best: list[Marker] = []
    for start, first in enumerate(candidates):
        chain = [first]
        for candidate in candidates[start + 1:]:
            if _follows(chain, candidate):
                chain.append(candidate)
        if first.number != 1 and len(chain) < 2:
            continue
        if not best or _rank(chain) >= _rank(best):
            best = chain
    return best


def _rank(chain: list[Marker]) -> tuple[bool, int]:
    """Runs from 1 first, then the longest (ties go to the later run)."""
    return chain[0].number == 1, len(chain)


# --- scraps ------------------------------------------------------------------

# Site text that clings to a piece's start or end: blurbs, "read more", footers.
_SCRAP_LINE = re.compile(
    r"小编|本站|仅供参考|供你借鉴|供您参考|欢迎阅读|免责声明|版权所有|^《[^》]+》来源于|"
    r"精选\s*[0-9一二三四五六七八九十]+\s*篇|^(相关|推荐|热门|延伸)(推荐|阅读|文章)"
)
# Everything from such a line on is a footer (related-article lists).
_FOOTER_START = re.compile(r"^(相关推荐|推荐阅读|相关文章|热门推荐|猜你喜欢|延伸阅读|小编推荐|上一篇|下一篇)")
# Page counters and stray numbers left by pagination ("共", "3", "页，当前第。").
_PAGE_SCRAP = re.compile(r"^([0-9０-９]{1,3}|共|页|页，当前第。?|当前第.{0,3}页?|第?[0-9]{1,3}页)$")


def _is_scrap(text: str) -> bool:
    return bool(_PAGE_SCRAP.match(text.strip()) or _SCRAP_LINE.search(text))


def trim_scraps(lines: Sequence[SourceLine], *, last: bool = False) -> tuple[SourceLine, ...]:
    """Drop site scraps at the start and end of a piece; in the file's last
    piece also the site footer (a related-articles list and all after it)."""
    kept = list(lines)
    for index, line in enumerate(kept if last else ()):
        if _FOOTER_START.match(line.text.strip()):
            kept = kept[:index]
            break
    while kept and _is_scrap(kept[-1].text):
        kept.pop()
    start = 0
    while start < len(kept) and _is_scrap(kept[start].text):
        start += 1
    return tuple(kept[start:])


# --- titles ------------------------------------------------------------------

_TITLE_PREFIX = re.compile(r"^(文章标题|标题|题目)[：:]\s*")
_DECORATION = re.compile(r"^[-—－–_=·\s]+|[-—－–_=\s]+$")
_TIMESTAMP = re.compile(r"\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(\s*\d{1,2}[：:]\d{2}([：:]\d{2})?)?\s*$")
_TITLE_SHAPES = (
    re.compile(r"^关于.{2,60}的(意见|通知|报告|汇报|方案|计划|决定|办法|请示|要点|规定|总结)$"),
    re.compile(r"^在.{2,50}[上中]的(讲话|发言|表态发言|致辞|讲话稿|报告|主持词|总结讲话)$"),
    re.compile(r"^.{4,50}(情况汇报|工作汇报|汇报材料|调研报告|调查报告|工作报告|情况报告|工作总结|"
               r"工作计划|工作要点|实施方案|工作方案|实施意见|讲话稿|讲话|表态发言|发言稿)$"),
)
_HEADING_START = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[.．、]|第[一二三四五六七八九十]+[部章节])")
_MAX_TITLE_LEN = 60
_TITLE_WINDOW = 5  # a title sits within the first few lines


def _title_candidate(text: str) -> str:
    text = _TITLE_PREFIX.sub("", text.strip())
    text = _TIMESTAMP.sub("", text)
    return _DECORATION.sub("", text).strip()


def _looks_like_title(text: str) -> bool:
    if not text or len(text) > _MAX_TITLE_LEN or _SENTENCE_PUNCT.search(text[-1]):
        return False
    if _HEADING_START.match(text) or text.endswith(("：", ":")):
        return False
    return any(shape.match(text) for shape in _TITLE_SHAPES)


def own_title(lines: Sequence[SourceLine]) -> str | None:
    """The document's own title, if its first lines hold one.

    A title is short, has no sentence punctuation and has a title's shape
    (关于…的意见, …情况汇报, 在…会议上的讲话); a title broken over two lines
    (关于加强… / …的意见) is joined back.
    """
    window = [line.text for line in lines[:_TITLE_WINDOW]]
    for index, raw in enumerate(window):
        if _TITLE_PREFIX.match(raw.strip()):
            return _title_candidate(raw) or None
        text = _title_candidate(raw)
        if _looks_like_title(text):
            return text
        if index + 1 < len(window) and len(text) < _MAX_TITLE_LEN and not _SENTENCE_PUNCT.search(text):
            joined = text + _title_candidate(window[index + 1])
            if text.startswith("关于") and _looks_like_title(joined):
                return joined
        if len(raw) > _MAX_TITLE_LEN:  # body text has started
            break
    return None


# --- glued speeches ----------------------------------------------------------

_SALUTATION = re.compile(r"^(尊敬的|各位)?[^，。：！]{0,20}?(同志们|同志|朋友们)[：:]$")
_CLOSING = re.compile(
    r"((贡献|奋斗|新局面|新篇章|新台阶|新辉煌|新胜利|新成就|胜利召开)[！!]|^谢谢(大家)?[！!。]?)$"
)
_DATE_LINE = re.compile(
    r"^[（(]([0-9〇零一二三四五六七八九]{4}年)?[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}日[)）]。?$"
)
# A closing that ends a whole speech, not just a section: the last paragraph
# turns to the audience (同志们，… / 让我们…) or thanks it.
_FINAL_PARAGRAPH = re.compile(r"^(同志们|各位|让我们|最后|谢谢)")
_SPEECH_TITLE = re.compile(r"^在.{2,50}[上中]的(讲话|发言|表态发言|致辞)$")
# How a speech's first paragraph begins: it names the meeting.
_MEETING_OPENING = re.compile(r"会议|大会|召开|今天|这次|刚才|大家好")
_OPENING_CHARS = 40
# A new speech must carry real body text, so a closing `同志们：` paragraph
# followed by `谢谢大家！` never becomes a part of its own.
_MIN_PART_LINES = 4
_MIN_PART_CHARS = 300


def _substantial(lines: Sequence[SourceLine]) -> bool:
    body = [line for line in lines if not _is_scrap(line.text)]
    return len(body) >= _MIN_PART_LINES and sum(len(line.text) for line in body) >= _MIN_PART_CHARS


def _starts_speech(lines: Sequence[SourceLine], index: int) -> bool:
    """Whether a new speech starts at lines[index] (glued after another).

    It does after a closing formula (…而努力奋斗！, 谢谢大家！), at a speech
    title or date line, or at a salutation whose next line opens a meeting
    (a salutation alone may just head the closing paragraph).
    """
    text = _title_candidate(lines[index].text)
    previous = lines[index - 1].text.strip()
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    after_closing = bool(_CLOSING.search(previous) and _FINAL_PARAGRAPH.match(previous))
    opener = bool(
        (_SALUTATION.match(text) and _MEETING_OPENING.search(following[:_OPENING_CHARS]))
        or _SPEECH_TITLE.match(text)
        or _DATE_LINE.match(text)
    )
    if not (opener or after_closing) or _CLOSING.search(text):
        return False
    return _substantial(lines[:index]) and _substantial(lines[index:])


def split_glued(lines: Sequence[SourceLine]) -> list[tuple[SourceLine, ...]]:
    """Cut a piece where a new speech starts: a salutation or speech title line
    opening a substantial new body, or any text after a closing formula."""
    parts: list[tuple[SourceLine, ...]] = []
    start = 0
    for index in range(1, len(lines)):
        if index - start >= _MIN_PART_LINES and _starts_speech(lines[start:], index - start):
            parts.append(tuple(lines[start:index]))
            start = index
    parts.append(tuple(lines[start:]))
    return parts


# --- pieces ------------------------------------------------------------------


def _specific_titles(markers: Sequence[Marker]) -> set[str]:
    """Marker titles that name one piece, not the collection (repeated ones lie)."""
    counts: dict[str, int] = {}
    for marker in markers:
        if marker.title:
            counts[marker.title] = counts.get(marker.title, 0) + 1
    many = len(markers) > 1
    return {title for title, count in counts.items() if count == 1 and many}


def split_pieces(text: CleanText) -> list[Piece]:
    """The documents in a cleaned file, in order, glued speeches cut into parts.

    The header before the first marker (site blurb, collection title, preface)
    is not a document and is dropped; a file without markers is one document.
    """
    source = PurePath(text.path).name
    lines = text.lines
    markers = find_markers(lines)
    spans: list[tuple[Marker | None, tuple[SourceLine, ...]]]
    if not markers:
        spans = [(None, tuple(lines))]
    else:
        ends = [m.position for m in markers[1:]] + [len(lines)]
        spans = [(m, tuple(lines[m.position + 1:end])) for m, end in zip(markers, ends)]
    specific = _specific_titles(markers)
    pieces: list[Piece] = []
    for index, (marker, span) in enumerate(spans, start=1):
        body = trim_scraps(span, last=index == len(spans))
        marker_title = marker.title if marker else None
        parts = split_glued(body) if body else [body]
        for part_number, part in enumerate(parts, start=1):
            part = trim_scraps(part)
            if not part:  # nothing but scraps: not a document
                continue
            title = own_title(part)
            if title is None and part_number == 1 and marker_title in specific:
                title = marker_title
            pieces.append(Piece(
                source=source,
                index=index,
                part=part_number if len(parts) > 1 else 0,
                title=title,
                marker_title=marker_title,
                lines=part,
            ))
    return pieces


# --- duplicates --------------------------------------------------------------

_SENTENCE_SPLIT = re.compile(r"[。！？；!?;\n]")
_NOT_WORD = re.compile(r"[^\w]|_")
_MIN_SENTENCE = 8
_SHINGLE = 8
# A piece is a duplicate/fragment when this share of its sentences, or of its
# character shingles, also appears in a longer piece. Two documents that only
# share boilerplate (a list of duties) stay well below it.
_CONTAINED = 0.6


def _sentences(piece: Piece) -> frozenset[str]:
    found = (_NOT_WORD.sub("", s) for s in _SENTENCE_SPLIT.split(piece.text))
    return frozenset(s for s in found if len(s) >= _MIN_SENTENCE)


def _shingles(piece: Piece) -> frozenset[str]:
    flat = _NOT_WORD.sub("", piece.text)
    return frozenset(flat[i:i + _SHINGLE] for i in range(max(len(flat) - _SHINGLE + 1, 0)))


def containment(small: frozenset[str], large: frozenset[str]) -> float:
    """Share of `small` found in `large` (0 when `small` is empty)."""
    return len(small & large) / len(small) if small else 0.0


def link_duplicates(pieces: list[Piece]) -> list[Piece]:
    """Mark pieces that repeat, or are fragments of, a longer piece.

    The longer piece is kept; the other gets `duplicate_of` = the kept piece's
    id (always a piece that is itself kept). Order of the input is preserved.
    Only pieces sharing a whole sentence are compared, which keeps this fast.
    """
    sizes = {p.id: len(_NOT_WORD.sub("", p.text)) for p in pieces}
    # Longest first, ties by id, so the kept one is the complete version.
    ranked = sorted(pieces, key=lambda p: (-sizes[p.id], p.id))
    order = {p.id: rank for rank, p in enumerate(ranked)}
    sentences = {p.id: _sentences(p) for p in pieces}
    owners: dict[str, list[str]] = {}
    for piece in ranked:
        for sentence in sentences[piece.id]:
            owners.setdefault(sentence, []).append(piece.id)
    by_id = {p.id: p for p in pieces}
    shingles: dict[str, frozenset[str]] = {}

    def shingles_of(piece_id: str) -> frozenset[str]:
        if piece_id not in shingles:
            shingles[piece_id] = _shingles(by_id[piece_id])
        return shingles[piece_id]

    kept: dict[str, str] = {}
    for piece in ranked:
        shared: dict[str, int] = {}
        for sentence in sentences[piece.id]:
            for other in owners[sentence]:
                if order[other] < order[piece.id] and other not in kept:
                    shared[other] = shared.get(other, 0) + 1
        for other, _count in sorted(shared.items(), key=lambda kv: (-kv[1], order[kv[0]])):
            share = containment(sentences[piece.id], sentences[other])
            if share < _CONTAINED:  # edits inside sentences: compare characters
                share = max(share, containment(shingles_of(piece.id), shingles_of(other)))
            if share >= _CONTAINED:
                kept[piece.id] = other
                break
    return [replace(p, duplicate_of=kept[p.id]) if p.id in kept else p for p in pieces]
