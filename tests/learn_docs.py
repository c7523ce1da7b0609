"""Documents of one office for `templates learn` tests: a monthly safety report whose
skeleton repeats, written as .docx (with and without Word heading styles) and as messy .txt."""

from __future__ import annotations

from pathlib import Path

MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
WORKS = (
    ("开展隐患排查", "检查企业{n}家，发现隐患{m}处，已整改{k}处。"),
    ("加强执法检查", "立案查处违法行为{k}起，罚款{m}万元。"),
    ("推进专项整治", "对燃气、消防等{n}个领域开展专项整治。"),
)


def report(i: int) -> list[tuple[int, str]]:
    """(level, text) paragraphs of the i-th monthly report; level 0 is body text, -1 the title."""
    n, m, k = 20 + i * 3, 10 + i, 5 + i
    works = WORKS[i % 3:] + WORKS[: i % 3]
    paras: list[tuple[int, str]] = [
        (-1, f"关于2025年{MONTHS[i]}月份安全生产工作情况的汇报"),
        (0, "县人民政府："),
        (0, f"2025年{MONTHS[i]}月份，在县委、县政府的坚强领导下，我局认真履行安全监管职责，全县安全生产形势总体平稳。"),
        (0, "现将有关情况汇报如下："),
        (1, "一、总体情况"),
        (0, f"本月全县共发生生产安全事故{i}起，死亡{i}人，同比下降{10 + i}%。"),
        (1, "二、主要工作"),
        (2, "（一）" + works[0][0]),
        (0, works[0][1].format(n=n, m=m, k=k)),
        (2, "（二）" + works[1][0]),
        (0, works[1][1].format(n=n, m=m, k=k)),
        (2, "（三）宣传教育培训"),
        (0, f"举办安全培训{k}期，培训从业人员{n * 10}人次。"),
        (1, "三、存在问题"),
        (0, f"部分企业主体责任落实不到位，有{k}家企业隐患整改不及时。"),
        (1, "四、下一步工作"),
        (0, f"继续抓好隐患排查治理，确保{MONTHS[i]}月份以后全县安全生产形势持续稳定。"),
        (0, "特此报告。"),
        (0, "某某县应急管理局"),
        (0, f"2025年{i + 2}月5日"),
    ]
    return paras


def write_docx(path: Path, i: int, *, styles: bool) -> Path:
    import docx

    document = docx.Document()
    for level, text in report(i):
        if level == -1:
            document.add_heading(text, level=0) if styles else document.add_paragraph(text)
        elif level > 0 and styles:
            document.add_heading(text, level=level)
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def write_messy_txt(path: Path, i: int) -> Path:
    """GBK, pinyin debris, HTML entities, blank-line noise: what users save from web pages."""
    lines = []
    for level, text in report(i):
        if "安全生产" in text and level == 0:
            text = text.replace("安全生产", "安全生(shēng)产")
        if level == 0 and "培训" in text:
            text = text.replace("培训", "培&nbsp;训")
        if level == 0 and "县委" in text:
            text = text.replace("县委", "县委&amp;")
            text = text.replace("县委&amp;", "县委")  # the entity shown on its own line below
            lines.append("&nbsp;&nbsp;")
        if text == f"2025年{i + 2}月5日" and i % 2:
            text = f"二〇二五年{MONTHS[i + 1]}月五日"  # a date written in characters
        if "会议" in text:
            text = text.replace("会议", "會(huì)议")
        lines.append(("&emsp;&emsp;" if level == 0 else "") + text)
        lines.append("")
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    return path
