"""RawText -> CleanText: undo the damage scraped sample documents carry.

One pure function per kind of damage, composed by `clean_line` in a fixed order:

1. `normalize_width`      full-width digits/letters, odd spaces
2. `strip_pinyin`         会(huì)议 -> 会议; a lost character's fragment becomes LOST (□)
3. `to_simplified`        OpenCC t2s plus the 著 -> 着 usages t2s leaves alone
4. `strip_inline_noise`   URLs, (文秘站:), site watermarks, HTML remnants
5. `remove_censor_hyphens` 民-主 -> 民主
6. `mark_placeholders`    20__年, ××, XX, *区, 20xx -> SLOT_TOKEN
7. `fullwidth_punctuation` , : ; ? ! ( ) " in Chinese text -> ，：；？！（）“”

Every step is idempotent and so is the composition. Whole lines of site and page
furniture are recognised by `is_noise_line` and dropped by `clean`, which also
removes a file's running header wherever it was glued into the text.

A damaged line (`is_damaged`) is still mostly sound text: `intact_sentences` returns
the sentences of its cleaned text that carry no sign of damage, for mining to use.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from drafter.model import SLOT_TOKEN, CleanText, RawText, SourceLine

# Step 7 lives in drafter.punctuation, so drafting can use it without compiling this module's patterns.
from drafter.punctuation import CJK, HAN, fullwidth_punctuation  # noqa: E402,F401

_HAN_RE = re.compile(f"[{HAN}]")

TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_SYLLABLE = f"[a-z{TONE_MARKS}]*[{TONE_MARKS}][a-z{TONE_MARKS}]*"

# ---------------------------------------------------------------- 1. width

_WIDTH_TABLE: dict[int, int | None] = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH_TABLE.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH_TABLE.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})  # ａ-ｚ
for _space in "\u00a0\u2002\u2003\u2009\u200a\u3000\t\u202f\u205f":
    _WIDTH_TABLE[ord(_space)] = ord(" ")
for _zero_width in "\u200b\u200c\u200d\u2060\ufeff":
    _WIDTH_TABLE[ord(_zero_width)] = None  # None deletes the character in str.translate
_SPACES = re.compile(r" {2,}")
# Latin O and the circle ○ used as zero inside a Chinese-numeral date: 二OO四年.
_CN_DIGIT = "〇○零一二三四五六七八九十"
_ZERO_IN_DATE = re.compile("(?<=[一二三四五六七八九〇零])[OoＯ○]+(?=[〇零一二三四五六七八九]*年)")


def normalize_width(text: str) -> str:
    """Full-width digits and letters -> ASCII; odd spaces -> one space; trim the line."""
    text = text.translate(_WIDTH_TABLE)
    text = _ZERO_IN_DATE.sub(lambda m: "〇" * len(m.group()), text)
    return _SPACES.sub(" ", text).strip()


# ------------------------------------------------------------ 2. inline noise

# Names of the 范文 sites whose watermarks and furniture the seeds carry, and
# their siblings: anything scraped from the same family looks alike.
SITE_NAMES = (
    "第一范文网", "第一範文網", "范文网", "範文網", "文秘站", "公务员之家", "公務員之家",
    "学海网", "學海網", "老秘网", "老秘網", "文秘网", "文秘網", "秘书网", "大文斗范文网",
    "范文先生网", "实用范文网", "好范文网", "易文网", "应届毕业生网", "出国留学网",
    "瑞文网", "百分网",
)
_SITES = "|".join(sorted(map(re.escape, SITE_NAMES), key=len, reverse=True))
_URL = re.compile(
    r"(?:https?://|ftp://|www\.)[\w\-.~:/?#\[\]@!$&'*+,;=%]+"
    r"|\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:com|cn|net|org|cc|info)(?:/[\w\-./?=&%#]*)?",
    re.IGNORECASE,
)
_INLINE_NOISE = re.compile(
    # (文秘站:) and the like: a site name in brackets glued into a sentence
    rf"[(（【\[]\s*(?:{_SITES})[^)）】\]]{{0,20}}[)）】\]]"
    # a bare site name glued into a sentence: 我老秘网县 -> 我县
    rf"|(?:{_SITES})"
    # HTML remnants: tags, a tag whose '<' was eaten, entities
    r"|<\s*/?\s*[a-zA-Z][a-zA-Z0-9]{0,8}(?:\s[^<>]{0,40})?/?>|(?<![a-zA-Z])/(?:p|br|div|span)>"
    r"|&(?:nbsp|amp|lt|gt|quot|ldquo|rdquo|mdash|hellip);"
    # a page timestamp glued to a title: 表态发言2007-03-01 23:48:08
    r"|(?<=[^\d\s])\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}(?::\d{2})?$"
)
# Stray apostrophes some sites sprinkle between characters as a watermark.
_STRAY_TICK = re.compile(f"(?<=[{HAN}])['`´](?=[{HAN}])")


def strip_inline_noise(text: str) -> str:
    """Remove URLs, bracketed site names, watermarks and HTML remnants from inside a line."""
    text = _URL.sub("", text)
    text = _INLINE_NOISE.sub("", text)
    text = _STRAY_TICK.sub("", text)
    return _SPACES.sub(" ", text).strip()


# ------------------------------------------------------------------ 3. pinyin

_PINYIN_AFTER_HAN = re.compile(f"(?<=[{HAN}])[(（]{_SYLLABLE}[)）]")
# Where a lost character's fragment is dropped, cleaning leaves LOST (the
# conventional 缺字 mark) so the gap stays visible: "是因□经济" is damaged text,
# "是因经济" would read as real text and could be quoted.
LOST = "□"
# The character before the pinyin was lost (mis-decoded bytes, '?', U+FFFD):
# the fragment runs from the loss marker to the closing bracket. Without a
# marker, only the bracketed pinyin itself goes (富士康A(chǔ)区 -> 富士康A区).
_LOSS = "?？\ufffd\ue000-\uf8ff"
_LOST_FRAGMENT = re.compile(
    f"(?:[{_LOSS}][^\\s。，(（]{{0,20}}?)?(?<![{HAN}])[(（]{_SYLLABLE}[)）]"
)
# A syllable whose opening bracket was lost (?qū)崿F) or a bare toned syllable.
_ORPHAN_SYLLABLE = re.compile(f"{_SYLLABLE}[)）]?")
# U+FFFD is a character the decoder lost; private-use glyphs (Word bullets,
# symbol fonts) carry no text and simply go.
_REPLACEMENT = re.compile("\ufffd")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_LOST_RUN = re.compile(f"{LOST}{{2,}}")


def strip_pinyin(text: str) -> str:
    """Drop pinyin glued after characters; a fragment whose character was lost becomes LOST."""
    if _has_tone(text):
        text = _PINYIN_AFTER_HAN.sub("", text)
        text = _LOST_FRAGMENT.sub(_lost_fragment, text)
        text = _ORPHAN_SYLLABLE.sub(LOST, text)
    text = _PRIVATE_USE.sub("", _REPLACEMENT.sub(LOST, text))
    return _LOST_RUN.sub(LOST, text) if LOST in text else text


def _lost_fragment(match: re.Match[str]) -> str:
    # Bracketed pinyin after a Latin letter or a mark (富士康A(chǔ)区) lost nothing
    # visible; only a fragment that starts at a loss marker stands for lost text.
    return "" if match.group().startswith(("(", "（")) else LOST


_TONE_SET = frozenset(TONE_MARKS)


def _has_tone(text: str) -> bool:
    return not _TONE_SET.isdisjoint(text)


# Mis-decoded bytes leave runs of characters that real prose never strings
# together: kana, Cyrillic, box drawing, Bopomofo, private-use glyphs.
_MOJIBAKE_SYMBOL = re.compile(
    "[\u3040-\u30ff\u0400-\u04ff\u0370-\u03ff\u2500-\u259f\u3100-\u312f\u2300-\u23ff"
    "\ufe30-\ufe4f\u2474-\u249b\u20ac\u2229\u222a\ufffd\ue000-\uf8ff]"
)
# A lost character shows as '?' (or U+FFFD) followed by mis-decoded text: a
# second '?' or a stray ASCII mark before a character (?;A, ?!叭, ??梢哉f), or a
# single ASCII letter or symbol glued between characters within the next few
# (?闄C遇, 。??傊鬣l). Real question marks are followed by ordinary prose.
_LOSS_RUN = re.compile(
    f"[?？\ufffd](?:[?？,;!]+[{HAN}“”]"
    f"|[^\\s?？。]{{0,12}}?(?<![A-Za-z0-9])[A-Za-z^\\\\|\\[\\]@`~{{}}_](?![A-Za-z0-9])(?=[{HAN}(（,，。“”])"
    ")"
)


def is_damaged(raw_line: str) -> bool:
    """True when text was lost in this line: mining must not quote it.

    Signs: pinyin whose character is gone (`?gòu)`, `�(gòu)`, `(gòu)` after a
    non-han character), toned syllables without their bracket, U+FFFD, private-use
    glyphs, and symbols mis-decoded bytes leave behind (kana, Cyrillic, box drawing).
    """
    if _MOJIBAKE_SYMBOL.search(raw_line) or _LOSS_RUN.search(raw_line):
        return True
    if not _has_tone(raw_line):
        return False
    stripped = _PINYIN_AFTER_HAN.sub("", raw_line)
    return _has_tone(stripped)


# ------------------------------------------------- intact sentences of a damaged line

# Non-han characters 公文 prose uses. Any other symbol in a damaged line is debris
# that mis-decoded bytes leave (〃 ┝ Ρ こ ㄍ ∪ ⌒), a sign of damage like LOST.
_PROSE_SYMBOLS = frozenset("·—‘’“”…‰、。〇〈〉《》【】〔〕㎡！（），：；？％～－＋×÷≥≤℃①②③④⑤⑥⑦⑧⑨⑩")
_SENTENCE_END = frozenset("。！？；")
_CLOSERS = frozenset("”’）》】〕")
# A Latin letter standing alone or in a pair is a byte of a shifted decode (梢哉f,
# ？I造, 傮w); real Latin text in 公文 is a word (GDP) or a code. ASCII symbols that
# prose never uses between characters are the same kind of debris.
_STRAY_ASCII = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,2}(?![A-Za-z])|[\[\]@^`~{}|\\_<>#$&=?!,;]")
_QUESTION_WORD = re.compile("吗|呢|么|怎|何|哪|谁|岂|是否|能否|可否|多少|难道|有没有|是不是")
# A character counts as common when it is in GB 2312 and jieba's dictionary uses it
# in words of total frequency at least this: shifted GBK bytes decode to rare ones.
_COMMON_SCORE = 50


def intact_sentences(text: str) -> list[str]:
    """The sentences of a damaged line's cleaned text that carry no sign of damage.

    Signs: LOST (a dropped fragment), a `？` that does not end a real question,
    stray Latin letters or ASCII symbols, mojibake symbols, and characters outside
    common use. A mark next to a sign does not end a sentence (确？！笨: the ！ is
    debris), so the sentence a garble run sits in is dropped as a whole. Every
    sentence returned is a substring of `text`; on text without signs the sentences
    join back to the text, and the function is idempotent.
    """
    return [sentence for sentence, intact in mark_sentences(text) if intact and _HAN_RE.search(sentence)]


def mark_sentences(text: str) -> list[tuple[str, bool]]:
    """Every sentence of `text` (stripped, non-empty, in order), each with True when it
    is intact: what `intact_sentences` keeps, with the place of what it drops."""
    signs = _damage_signs(text)
    out = []
    start = 0
    for end in _sentence_ends(text, signs):
        sentence = text[start:end].strip()
        if sentence:
            out.append((sentence, not any(signs[start:end])))
        start = end
    return out


def _damage_signs(text: str) -> list[bool]:
    common = _common_chars()
    signs = [
        ch == LOST
        or (_HAN_RE.match(ch) is not None and ch not in common)
        or (not ch.isascii() and not _HAN_RE.match(ch) and ch not in _PROSE_SYMBOLS and not ch.isspace())
        for ch in text
    ]
    for m in _STRAY_ASCII.finditer(text):
        for i in range(m.start(), m.end()):
            signs[i] = True
    for m in _MOJIBAKE_SYMBOL.finditer(text):
        signs[m.start()] = True
    for i, ch in enumerate(text):
        if ch == "？" and not _real_question(text, i, signs):
            signs[i] = True
    return signs


def _real_question(text: str, i: int, signs: Sequence[bool]) -> bool:
    """A ？ ends a question when it follows sound text, is not glued to debris or
    another mark, and the clause it ends asks something (是否, 如何, 吗 ...)."""
    if i == 0 or signs[i - 1] or text[i - 1] in "？！" or text[i - 1].isspace():
        return False
    if i + 1 < len(text) and (signs[i + 1] or text[i + 1] in "？！"):
        return False
    start = max(text.rfind(mark, 0, i) for mark in _SENTENCE_END) + 1
    return bool(_QUESTION_WORD.search(text, start, i))


def _sentence_ends(text: str, signs: Sequence[bool]) -> list[int]:
    """Offsets just past each sentence end (closing quotes included), and the text's end."""
    ends = []
    i = 0
    while i < len(text):
        ch = text[i]
        i += 1
        if ch not in _SENTENCE_END or signs[i - 1]:
            continue
        if (i >= 2 and signs[i - 2]) or (i < len(text) and signs[i]):
            continue  # a mark glued to debris may be debris itself
        while i < len(text) and text[i] in _CLOSERS:
            i += 1
        ends.append(i)
    if not ends or ends[-1] < len(text):
        ends.append(len(text))
    return ends


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    # Imported here: jieba loads its dictionary, which only mining needs.
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    score: Counter[str] = Counter()
    for word, freq in jieba.dt.FREQ.items():
        if freq:
            for ch in word:
                score[ch] += freq
    return frozenset(ch for ch, total in score.items() if total >= _COMMON_SCORE and _in_gb2312(ch))


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# ------------------------------------------------------ 4. traditional -> simplified


@lru_cache(maxsize=1)
def _converter() -> Any:
    # Imported here: OpenCC loads dictionaries, and `drafter --help` must stay fast.
    import opencc

    return opencc.OpenCC("t2s")


# 著 keeps its form only where it means "write / notable"; everywhere else
# mainland usage writes 着 (着重, 着力, 着眼, 随着, 意味着, 围绕着 ...), which
# OpenCC's t2s leaves as 著.
_ZHU_KEEP = (
    "著作", "著名", "显著", "卓著", "著称", "土著", "著述", "著者", "名著", "原著", "巨著",
    "论著", "编著", "专著", "遗著", "译著", "新著", "拙著", "昭著", "著录", "著书", "合著",
    "著文", "著译", "大著", "杰著", "著说", "彰著", "较著", "著论",
)
_ZHU_KEEP_RE = re.compile("|".join(_ZHU_KEEP))
# Variants t2s keeps that mainland text never uses (陜西 -> 陕西, 純堿 -> 纯碱).
_SUPPLEMENT = str.maketrans({"痺": "痹", "陜": "陕", "堿": "碱"})


def to_simplified(text: str) -> str:
    """Traditional -> simplified, phrase-aware (OpenCC t2s), plus 著 -> 着 where mainland writes 着."""
    if not _HAN_RE.search(text):
        return text
    text = _converter().convert(text).translate(_SUPPLEMENT)
    if "著" in text:
        text = _fix_zhu(text)
    return text


def _fix_zhu(text: str) -> str:
    keep = {i for m in _ZHU_KEEP_RE.finditer(text) for i in range(m.start(), m.end())}
    return "".join(
        "着" if ch == "著" and i not in keep else ch for i, ch in enumerate(text)
    )


def traditional_chars(text: str) -> set[str]:
    """The han characters OpenCC t2s would still change: what 'no traditional left' measures."""
    convert = _converter().convert
    return {ch for ch in set(_HAN_RE.findall(text)) if convert(ch) != ch}


# --------------------------------------------------------- 5. censorship hyphens

_CENSOR_HYPHEN = re.compile(f"(?<=[{HAN}])[-－‐‑](?=[{HAN}])")
# Two or more hyphens used as a dash: 旅游点--百荷园, ----工业园区建设情况
_HYPHEN_DASH = re.compile(f"(?:(?<=[{HAN}])|^)[-－‐‑]{{2,}}(?=[{HAN}“《])")


def remove_censor_hyphens(text: str) -> str:
    """Join characters split by a censorship hyphen (民-主, 中国共-产-党); ASCII ranges stay."""
    text = _HYPHEN_DASH.sub("——", text)
    return _CENSOR_HYPHEN.sub("", text)


# ---------------------------------------------------------------- 6. placeholders

_PLACEHOLDER = re.compile(
    # 20__年, __县, ＿＿, __*区 (underscores, with a year prefix and stars)
    r"(?<![A-WYZa-wyz])(?:19|20)?[_＿]+\**"
    # 20xx, 20XX, xx届, XX区, ×× (two or more, not inside a Latin word)
    r"|(?<![A-Za-z0-9])(?:19|20)?(?:[xX]{2,}|×{2,})(?![A-Za-z])"
    # ○○ as a blank, not as zeros inside a Chinese-numeral date
    rf"|(?<![{_CN_DIGIT}])[○〇]{{2,}}(?![{_CN_DIGIT}年])"
    # *区*镇, 学*, 渭河**段, **2021年 (stars that stand for a name)
    rf"|(?<=[{HAN}“《(（、])\*+|\*+(?=[{HAN}”》)）、，,])"
    # a single x standing for a number: 共组织x个, x万美元, x%
    rf"|(?<=[{HAN}、，,])[xX×](?=[{HAN}%、，,])(?![光射])|(?<=[{HAN}])[xX×](?=$|[。；;])"
)


_PLACEHOLDER_HINT = re.compile("[_＿xX×*○〇]")


def mark_placeholders(text: str) -> str:
    """Every placeholder becomes the one visible SLOT_TOKEN, which never matches again."""
    if not _PLACEHOLDER_HINT.search(text):
        return text
    # Replacing one placeholder can expose a neighbour (XX__): repeat until stable.
    for _ in range(4):
        replaced = _PLACEHOLDER.sub(SLOT_TOKEN, text)
        if replaced == text:
            break
        text = replaced
    return text


# ------------------------------------------------------------------ composition


def clean_line(text: str) -> str:
    """Apply every repair to one line, in a fixed order. Pure and idempotent:
    the repairs run again until the line stops changing (a lost-character
    mark left by one repair can join a run that another then shortens)."""
    for _ in range(_CLEAN_PASSES):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text


_CLEAN_PASSES = 4


def _clean_once(text: str) -> str:
    text = normalize_width(text)
    # Pinyin and t2s first, so that site names written in traditional
    # characters with glued pinyin (公務(wù)員之家) are recognised as noise.
    text = strip_pinyin(text)
    text = to_simplified(text)
    text = strip_inline_noise(text)
    text = remove_censor_hyphens(text)
    # A placeholder token is Chinese text for punctuation, and full-width
    # punctuation lets a star count as a placeholder: run both to a fixed point.
    for _ in range(4):
        before = text
        text = fullwidth_punctuation(mark_placeholders(text))
        text = _SPACES.sub(" ", text).strip()
        if text == before:
            break
    return text


# ------------------------------------------------------------------ noise lines

_C = "[:：]"
_NOISE_PATTERNS = (
    # site furniture
    r"^(?:手机版|电脑版|手机站|返回顶部|返回首页|网站首页|首页|登录|注册|收藏本站|设为首页|加入收藏|打印本页|关闭窗口|我要投稿|投稿)$",
    r"^.{0,12}(?:logo|LOGO|Logo)$",
    rf"^(?:当前位置|您的位置|您现在的位置|现在位置|位置){_C}",
    r"^[^。，]{0,30}>[^。，]{0,30}>",
    rf"^(?:发布)?(?:时间|日期){_C}\s*\d{{4}}[-/年]",
    rf"(?:分类|栏目){_C}.{{0,20}}(?:来源|作者){_C}",
    r"\d+\s*条评论",
    r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$",
    rf"^(?:小编|编辑)推荐",
    rf"^(?:相关|热门|推荐|延伸|猜你喜欢|更多)(?:阅读|推荐|文章|范文|内容|资料)?\s*{_C}?$",
    r"^(?:相关|热门|延伸|更多)(?:阅读|推荐|文章|范文)",
    rf"^(?:上一篇|下一篇)\s*{_C}",
    # a numbered link to a sibling page: 1.农村留守儿童调查报告【完整】
    r"^\d{1,2}[.、．]\s*\S.{0,40}【(?:完整|精选|优秀|推荐|最新|通用|热门|范文|必备|汇总|精华|精品|合集|大全)[版篇]?】$",
    rf"上一篇{_C}.*下一篇{_C}?",
    r"^(?:请)?(?:关注|扫描|扫码|长按)(?:我们的?|本站)?(?:微信)?(?:公众号|二维码)",
    rf"(?:微信)?公众号\s*{_C}\s*[A-Za-z0-9_\-]+$",
    r"^(?:立[刻即]|马上)(?:访问|下载|查看|阅读|进入)$",
    r"^(?:点击|单击)(?:进入|查看|下载|访问|阅读|这里)",
    r"^(?:查看|阅读|展开)(?:全文|更多|阅读全文)",
    r"^本文(?:隐藏|剩余)的?内容",
    rf"^【?(?:本文|原文|文章)(?:地址|链接|网址|来源){_C}?",
    r"^(?:文章|本文)?来源于?.{0,30}欢迎(?:阅读|参考|浏览)",
    r"来源于\s*[，,。]?\s*欢迎(?:阅读|参考|浏览)",
    rf"^导语{_C}",
    r"欢迎(?:阅读|参考|借鉴|下载|浏览).{0,20}(?:整理|范文|文章|精选)",
    r"(?:由|经).{0,12}整理的.{0,8}范文|范文的学习|供(?:你|您|大家)(?:借鉴|参考)",
    r"版权(?:所有|归|声明)|©|copyright|all rights reserved|ICP备|免责声明",
    r"^(?:下载|免费下载|word版|Word版|doc下载)",
    # page counters, whole or split over lines: 第1页 共3页, 1/3, 共 / 3 / 页，当前第。
    r"^第?\s*\d+\s*页\s*[/，,]?\s*共\s*\d+\s*页$",
    r"^共\s*\d+\s*页[，,]?\s*(?:当前第\s*\d*\s*页?[。.]?)?$",
    r"^\d{1,3}\s*/\s*\d{1,3}$",
    r"^(?:共|页|第|当前第)$",
    r"^页?[，,]?\s*当前第\s*\d*\s*页?[。.]?$",
    r"^\d{1,3}$",
    r"^(?:上一页|下一页|首页|尾页|末页)(?:\s*(?:上一页|下一页|首页|尾页|末页|\d+))*$",
    # running headers of a collection
    r"^[^\s。，,：:；;、！!？?]{2,30}(?:资料选编|资料汇编|文件汇编|文章选编)$",
    # a bare site name, with or without brackets and colon
    rf"^[(（【]?(?:{_SITES})[:：]?[)）】]?$",
)
# Anchored patterns only look at the start of a line; the rest must scan it,
# which is only worth doing on lines short enough to be furniture or a blurb.
_NOISE_AT_START = re.compile(
    "|".join(f"(?:{p[1:]})" for p in _NOISE_PATTERNS if p.startswith("^")), re.IGNORECASE
)
_NOISE_ANYWHERE = re.compile(
    "|".join(f"(?:{p})" for p in _NOISE_PATTERNS if not p.startswith("^")), re.IGNORECASE
)
_NOISE_SCAN_LIMIT = 400
_URL_ONLY = re.compile(r"^[【\[(（]?\s*(?:(?:本文|原文)?(?:地址|链接|网址)\s*[:：]?)?\s*$")


def is_noise_line(text: str) -> bool:
    """True for a whole line of site or page furniture (headers, counters, URLs, blurbs).

    Collection markers (篇一:标题, 篇1, 第一篇:, 1.标题 篇一, 标题篇十三) are not noise:
    splitting needs them.
    """
    line = text.strip()
    if not line:
        return False
    if len(line) > _NOISE_SCAN_LIMIT:
        # Long lines are prose; only a furniture prefix could make them noise.
        return bool(_NOISE_AT_START.match(to_simplified(strip_pinyin(normalize_width(line[:120])))))
    probe = to_simplified(strip_pinyin(normalize_width(line)))
    if _NOISE_AT_START.match(probe) or _NOISE_ANYWHERE.search(probe):
        return True
    # A line that was nothing but a URL (and its label).
    if _URL.search(probe):
        rest = _URL.sub("", probe).strip(" 】]）)：:")
        return bool(_URL_ONLY.match(rest))
    return False


# ----------------------------------------------------------------- running headers

_HEADER_MIN, _HEADER_MAX = 6, 40
_SENTENCE_MARKS = re.compile(r"[。，,：:；;！!？?、]")


def running_headers(lines: Iterable[str]) -> frozenset[str]:
    """Lines repeated through a file as a page header (南京市基层民政办规范化建设资料选编).

    A header is a short line without sentence punctuation that stands alone at
    least twice and also turns up glued into other lines, or stands alone three
    times or more. Titles repeated as collection markers carry numbering and so
    never qualify.
    """
    texts = [t.strip() for t in lines]
    counts = Counter(t for t in texts if _HEADER_MIN <= len(t) <= _HEADER_MAX)
    headers = set()
    for candidate, alone in counts.items():
        if alone < 2 or _SENTENCE_MARKS.search(candidate) or "篇" in candidate:
            continue
        glued = sum(1 for t in texts if candidate in t and t != candidate)
        if glued >= 1 or alone >= 3:
            headers.add(candidate)
    return frozenset(headers)


def strip_running_headers(text: str, headers: Iterable[str]) -> str:
    for header in headers:
        if header in text and text.strip() != header:
            text = text.replace(header, "")
    return _SPACES.sub(" ", text).strip()


# ------------------------------------------------------------------ markup

# Scraped text saved as .txt is often really Markdown or HTML: front matter,
# `### &emsp;&emsp;一、工作目标`, `<p>…</p>` on one line, `&nbsp;`, `**粗体**`.
# A file that shows such markup has it unwrapped before the line repairs, so
# its headings are found; a file that shows none is left alone (the seeds use
# `**` as a placeholder, and `*区` must stay a placeholder).
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,9});")
_TAG_NAMES = (
    r"p|br|div|span|strong|b|em|i|u|font|h[1-6]|section|article|li|ul|ol|td|th|tr|table|tbody|thead"
    r"|a|img|center|sup|sub|blockquote|hr"
)
_TAG = re.compile(rf"</?(?:{_TAG_NAMES})\b[^<>]*/?>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|tr|blockquote)\s*>|<br\s*/?>|<hr\b[^<>]*>", re.IGNORECASE)
_HTML_COMMENT = re.compile(r"<!--.*?-->")
_MD_HEADING_LINE = re.compile(r"^\s*(#{1,6})(?=[\s&])\s*(.*?)\s*#*\s*$")
_MD_BOLD_LINE = re.compile(r"^\s*(\*\*|__)[^*_].*(\*\*|__)\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|\[([^\]\n]*)\]\([^)\n]*\)")
_MD_QUOTE = re.compile(r"^\s*(?:>\s*)+")
_FRONT_MATTER_FENCE = re.compile(r"^\s*---\s*$")
_FRONT_MATTER_TITLE = re.compile(r"^\s*title\s*:\s*['\"]?(.*?)['\"]?\s*$", re.IGNORECASE)
_FRONT_MATTER_MAX = 40


def looks_like_markup(lines: Sequence[SourceLine]) -> bool:
    """Whether a text file carries Markdown or HTML markup to unwrap."""
    texts = [line.text for line in lines]
    first = next((t for t in texts if t.strip()), "")
    if _FRONT_MATTER_FENCE.match(first):
        return True
    if any(_ENTITY.search(t) or _TAG.search(t) for t in texts):
        return True
    return (sum(1 for t in texts if _MD_HEADING_LINE.match(t) and not t.lstrip().startswith("#" * 7)) >= 2
            or sum(1 for t in texts if _MD_BOLD_LINE.match(t)) >= 2)


def unescape_entities(text: str) -> str:
    """&nbsp; &emsp; &#12288; … -> their characters, to a fixed point (&amp;nbsp; too)."""
    for _ in range(3):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    return text


def strip_markup(text: str) -> str:
    """One line without HTML tags, comments and entities, or Markdown emphasis,
    links and quote marks: the words a reader sees. Idempotent (an escaped
    `&lt;p&gt;` is unwrapped too)."""
    for _ in range(_MARKUP_PASSES):
        before = text
        text = _HTML_COMMENT.sub("", text)
        text = _TAG.sub("", text)
        text = unescape_entities(text)
        text = _MD_LINK.sub(lambda m: m.group(1) or "", text)
        text = _MD_EMPHASIS.sub(r"\2", text)
        text = _MD_QUOTE.sub("", text)
        if text == before:
            break
    return text


_MARKUP_PASSES = 6


def _front_matter_end(lines: Sequence[SourceLine]) -> int:
    """Index of the closing --- of front matter at the top, or -1."""
    start = next((i for i, line in enumerate(lines) if line.text.strip()), None)
    if start is None or not _FRONT_MATTER_FENCE.match(lines[start].text):
        return -1
    for i in range(start + 1, min(len(lines), start + _FRONT_MATTER_MAX)):
        if _FRONT_MATTER_FENCE.match(lines[i].text):
            return i
    return -1


def unwrap_markup(lines: Sequence[SourceLine], *, markdown_headings: bool = True) -> list[SourceLine]:
    """A scraped file's lines with their markup unwrapped.

    Front matter is dropped but for its title, which becomes the first line;
    a line holding several HTML paragraphs becomes one line each (all with the
    source line's number); a Markdown `#` line becomes a styled line, as in a
    .md file (`markdown_headings`).
    """
    out: list[SourceLine] = []
    end = _front_matter_end(lines)
    for line in lines[: end + 1]:
        title = _FRONT_MATTER_TITLE.match(line.text)
        if title and title.group(1).strip():
            out.append(SourceLine(line.number, strip_markup(title.group(1)).strip()))
    for line in lines[end + 1:]:
        for part in _BLOCK_END.split(line.text):
            level = line.style_level
            heading = _MD_HEADING_LINE.match(part) if markdown_headings else None
            if heading:
                level, part = len(heading.group(1)), heading.group(2)
            text = strip_markup(part)
            if text.strip() or part == line.text:
                out.append(SourceLine(line.number, text, damaged=line.damaged, style_level=level))
    return out


# A page that lost its line breaks keeps its paragraphs apart with spaces, or
# with nothing but the end of a sentence: …提出以下实施意见。 一、总体要求 （一）
# 基本原则。坚持…。二、… Such a long line is split before each numbered heading
# that follows a space or a sentence end.
_COLLAPSED_MIN = 200
_COLLAPSED_BREAK = re.compile(
    r"(?:[ \u3000\u00a0]+|(?<=[。！？；]))(?=[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])"
)
_COLLAPSED_MIN_BREAKS = 2
_SENTENCE_THEN_PART = re.compile(r"[。！？](?=[一二三四五六七八九十]{1,3}、)")


_COLLAPSED_SHARE = 0.6
_COLLAPSED_MAX_LINES = 8


def looks_collapsed(lines: Sequence[SourceLine]) -> bool:
    """Whether a file lost its line breaks: its text sits in a handful of long lines.

    Only such a file has its long lines split (split_collapsed); a long
    paragraph among the many lines of a well-formed file is left as it is.
    """
    sizes = [len(line.text) for line in lines if line.text.strip()]
    total = sum(sizes)
    return (0 < len(sizes) <= _COLLAPSED_MAX_LINES
            and sum(n for n in sizes if n >= _COLLAPSED_MIN) >= _COLLAPSED_SHARE * total)


def split_collapsed(line: SourceLine) -> list[SourceLine]:
    """A long line of several paragraphs glued together -> one line each.

    Two breaks are needed, or one 。一、: a 一、 right after a sentence end
    inside a paragraph can only be a heading whose line break was lost.
    """
    breaks = _COLLAPSED_BREAK.findall(line.text)
    if len(line.text) < _COLLAPSED_MIN or not (
        len(breaks) >= _COLLAPSED_MIN_BREAKS or _SENTENCE_THEN_PART.search(line.text)
    ):
        return [line]
    return [
        SourceLine(line.number, part, damaged=line.damaged, style_level=line.style_level)
        for part in _COLLAPSED_BREAK.split(line.text)
        if part.strip()
    ]


# ------------------------------------------------------------------------ clean


def clean(raw: RawText) -> CleanText:
    """Clean every line of a file: drop noise and emptied lines, keep numbers and style levels."""
    candidates: list[tuple[SourceLine, str, bool]] = []
    source: Sequence[SourceLine] = raw.lines
    if raw.format in ("txt", "md") and looks_like_markup(source):
        source = unwrap_markup(source, markdown_headings=raw.format == "txt")
    if looks_collapsed(source):
        source = [part for whole in source for part in split_collapsed(whole)]
    for line in source:
        if not line.text.strip():
            continue
        text = clean_line(line.text)
        if text:
            noise = is_noise_line(line.text) or is_noise_line(text)
            candidates.append((line, text, noise))
    # Headers are found among all lines, noise included: a header that stands
    # alone is already noise, but its glued copies still have to go.
    headers = running_headers(text for _, text, _ in candidates)
    out: list[SourceLine] = []
    for line, text, noise in candidates:
        if noise or text in headers:
            continue
        if headers:
            text = strip_running_headers(text, headers)
            if not text:
                continue
        out.append(
            SourceLine(
                number=line.number,
                text=text,
                damaged=line.damaged or is_damaged(line.text),
                style_level=line.style_level,
            )
        )
    return CleanText(path=raw.path, lines=tuple(out))


def clean_lines(lines: Sequence[str]) -> list[str]:
    """Clean plain strings the way `clean` cleans a file (for callers without a RawText)."""
    raw = RawText(path="", encoding="utf-8", format="txt",
                  lines=tuple(SourceLine(i, t) for i, t in enumerate(lines, 1)))
    return [line.text for line in clean(raw).lines]
