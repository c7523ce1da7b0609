"""`drafter serve` in a real browser: headless Chromium driven through chromedriver.

One server (a thread on a free 127.0.0.1 port) and one browser for the module.
Skipped, saying why, only where chromium, chromedriver or selenium is missing.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.templates import builtin_templates_dir

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")
EXAMPLE = builtin_templates_dir() / "工作汇报" / "example.yaml"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="没有安装 chromium（Debian: apt-get install chromium chromium-driver）"),
    pytest.mark.skipif(CHROMEDRIVER is None, reason="没有安装 chromedriver（Debian: apt-get install chromium-driver）"),
]
webdriver = pytest.importorskip("selenium.webdriver", reason="没有安装 selenium（pip install -e '.[test]'）")
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT = 20
ISSUED = """文号: 某商发〔2025〕12号
签发人:
  - 张某某
抄送:
  - 县委办公室
  - 县政府办公室
附注: 联系人：李某，电话：1234567
"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from drafter.web.app import create_app
    from drafter.web.server import BackgroundServer

    with BackgroundServer(create_app()) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--lang=zh-CN", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture()
def page(browser, server: str, tmp_path: Path):
    """A fresh page for each test, downloading into the test's own folder."""
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.get(f"{server}/?type=工作汇报")
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, '#facts-form [data-path="单位"] .value'))
    browser.downloads = downloads
    return browser


def _wait(driver, condition, timeout: float = WAIT):
    try:
        # The preview and list items are re-rendered as facts change: an element read while
        # it is being replaced is stale, which means "not yet", not failure.
        return WebDriverWait(
            driver, timeout, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,)
        ).until(condition)
    except TimeoutException:
        shown = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".problems li, #preview-status, #notice")]
        raise AssertionError(f"页面未在 {timeout} 秒内达到预期状态；页面上的提示：{shown}") from None


def _field(driver, path: str):
    return driver.find_element(By.CSS_SELECTOR, f'#facts-form [data-path="{path}"] .value')


def _type(driver, path: str, text: str) -> None:
    for attempt in range(3):
        try:
            box = _field(driver, path)
            box.clear()
            box.send_keys(text)
            return
        except StaleElementReferenceException:
            if attempt == 2:
                raise
            time.sleep(0.1)  # the form re-rendered this field; find it again


def _set_date(driver, path: str, iso: str) -> None:
    # The date picker's keyboard order follows the browser's locale; set it as a user's pick would.
    driver.execute_script(
        "const i = arguments[0]; i.value = arguments[1]; i.dispatchEvent(new Event('input', {bubbles: true}));",
        _field(driver, path), iso,
    )


def _preview_title(driver) -> str:
    found = driver.find_elements(By.CSS_SELECTOR, "#preview .gw-title")
    return found[0].text.replace("\n", "") if found else ""


def _downloaded(driver, suffix: str) -> Path:
    def done(_):
        files = [p for p in driver.downloads.iterdir() if p.suffix == suffix]
        return files[0] if files and files[0].stat().st_size > 0 else None

    return _wait(driver, done)


def test_fill_the_form_from_scratch_preview_and_download_docx(page) -> None:
    d = page
    _type(d, "单位", "某某县商务局")
    _type(d, "时间", "2025年")
    _type(d, "主题", "招商引资")
    _set_date(d, "日期", "2025-12-20")
    _type(d, "概述", "我局紧紧围绕全年目标任务，全力以赴抓招商、促投资")
    _type(d, "主要工作[1].标题", "强化招商队伍建设")
    _type(d, "主要工作[1].内容", "组建4支专业招商小分队。\n全年开展业务培训6期。")
    d.find_element(By.CSS_SELECTOR, '[data-path="主要工作"] .add').click()
    _type(d, "主要工作[2].标题", "创新招商方式方法")
    _type(d, "主要工作[2].内容", "全年外出招商38批次。")
    _wait(d, lambda d: _preview_title(d) == "关于2025年招商引资工作情况的汇报")
    preview = d.find_element(By.ID, "preview").text
    assert "强化招商队伍建设" in preview and "创新招商方式方法" in preview and "某某县商务局" in preview
    assert d.find_elements(By.CSS_SELECTOR, "#preview .gw-h2")  # （一）（二） as their own heading level

    # Reorder: the second item moves up, and the preview follows.
    d.find_element(By.CSS_SELECTOR, '[data-path="主要工作[2]"] button[aria-label="上移"]').click()
    _wait(d, lambda d: d.find_element(By.ID, "preview").text.find("（一）创新招商方式方法") >= 0)

    # Change a fact: the preview changes with it.
    _type(d, "主题", "项目建设")
    _wait(d, lambda d: _preview_title(d) == "关于2025年项目建设工作情况的汇报")

    # Another wording: same facts, the seed moves on.
    d.find_element(By.ID, "btn-seed").click()
    _wait(d, lambda d: "第 2 种说法" in d.find_element(By.ID, "seed-label").text)

    d.find_element(By.ID, "btn-docx").click()
    docx = _downloaded(d, ".docx")
    assert docx.name == "关于2025年项目建设工作情况的汇报.docx"
    from typer.testing import CliRunner

    from drafter.cli import app

    result = CliRunner().invoke(app, ["check", str(docx)])
    assert result.exit_code == 0, result.output
    assert "未发现问题" in result.output


def test_a_required_field_left_empty_is_named_beside_it(page) -> None:
    d = page
    _type(d, "时间", "2025年")
    _type(d, "主题", "招商引资")
    _set_date(d, "日期", "2025-12-20")
    _type(d, "概述", "我局全力以赴抓招商")
    _type(d, "主要工作[1].标题", "强化招商队伍建设")
    # Not yet asked for the file: an untouched empty field is not scolded.
    time.sleep(0.6)
    assert not d.find_elements(By.CSS_SELECTOR, '[data-path="单位"] .problems li')
    d.find_element(By.ID, "btn-docx").click()
    message = _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-path="单位"] > .problems li'))
    assert "缺少必填字段" in message[0].text and "单位" in message[0].text
    assert "has-problem" in d.find_element(By.CSS_SELECTOR, '[data-path="单位"]').get_attribute("class")
    assert not list(d.downloads.iterdir())  # nothing was downloaded
    # A problem is named beside its field as the user types: an item with 内容 but no 标题.
    _type(d, "主要工作[1].内容", "组建4支专业招商小分队。")
    _type(d, "主要工作[1].标题", "")
    _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-path="主要工作[1].标题"] > .problems li'))
    # ...and fixing it clears the message.
    _type(d, "单位", "某某县商务局")
    _type(d, "主要工作[1].标题", "强化招商队伍建设")
    _wait(d, lambda d: not d.find_elements(By.CSS_SELECTOR, "#facts-form .problems li"))
    _wait(d, lambda d: _preview_title(d) == "关于2025年招商引资工作情况的汇报")


def test_load_a_yaml_and_save_it_back_unchanged(page, tmp_path: Path) -> None:
    d = page
    source = tmp_path / "我的汇报.yaml"
    # The bundled example (comments, a `|` block) issued as a 文件: fields in the folded group too.
    source.write_bytes(EXAMPLE.read_bytes() + ISSUED.encode("utf-8"))
    d.find_element(By.ID, "file-load").send_keys(str(source))
    _wait(d, lambda d: _field(d, "主要工作[3].标题").get_attribute("value") == "优化项目服务保障")
    assert _field(d, "单位").get_attribute("value") == "某某县商务局"
    assert _field(d, "日期").get_attribute("value") == "2025-12-20"
    assert "全年外出招商38批次" in _field(d, "主要工作[2].内容").get_attribute("value")
    assert _field(d, "下一步打算[2].标题").get_attribute("value") == "提升项目服务水平"
    _wait(d, lambda d: _preview_title(d) == "关于2025年招商引资工作情况的报告")
    d.find_element(By.ID, "btn-save").click()
    assert _field(d, "抄送[2]").get_attribute("value") == "县政府办公室"
    assert d.find_element(By.ID, "issue-group").get_attribute("open") is not None
    assert d.find_elements(By.CSS_SELECTOR, "#preview .gw-masthead")  # the 版头, as the .docx has it
    saved = _downloaded(d, ".yaml")
    assert saved.name == "我的汇报.yaml"
    assert saved.read_bytes() == source.read_bytes()

    # An edit is saved as a facts file the CLI reads, with the edit in it.
    os.remove(saved)
    _type(d, "单位", "某某市商务局")
    d.find_element(By.ID, "btn-save").click()
    edited = _downloaded(d, ".yaml")
    from drafter.facts import load_facts

    facts = load_facts(edited)
    assert facts["单位"] == "某某市商务局"
    assert facts["主要工作"][1]["标题"] == "创新招商方式方法"
    assert facts["抄送"] == ["县委办公室", "县政府办公室"] and facts["文号"] == "某商发〔2025〕12号"


def test_phrase_browser_searches_the_bank(page) -> None:
    d = page
    d.find_element(By.ID, "tab-phrases").click()
    _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#phrase-list li"))
    box = d.find_element(By.ID, "phrase-q")
    box.send_keys("领导")
    d.find_element(By.CSS_SELECTOR, "#phrase-form button[type=submit]").click()
    texts = "return [...document.querySelectorAll('#phrase-list .phrase-text')].map(e => e.textContent)"
    _wait(d, lambda d: (found := d.execute_script(texts)) and all("领导" in t for t in found))
    first = d.find_element(By.CSS_SELECTOR, "#phrase-list li")
    assert "出处：" in first.text and "第" in first.text and "行" in first.text


def test_switching_type_keeps_the_shared_facts(page) -> None:
    from selenium.webdriver.support.ui import Select

    d = page
    _type(d, "单位", "某某县商务局")
    _set_date(d, "日期", "2025-12-20")
    _type(d, "概述", "只有工作汇报有这个字段")
    Select(d.find_element(By.ID, "type-select")).select_by_value("讲话稿")
    _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, '#facts-form [data-path="讲话人"]'))
    assert _field(d, "单位").get_attribute("value") == "某某县商务局"
    assert _field(d, "日期").get_attribute("value") == "2025-12-20"
    assert not d.find_elements(By.CSS_SELECTOR, '#facts-form [data-path="概述"]')
    assert "单位" in d.find_element(By.ID, "notice").text
    assert d.title.startswith("讲话稿")


def test_batch_upload_plan_then_zip(page, tmp_path: Path) -> None:
    import zipfile

    d = page
    data = tmp_path / "乡镇.csv"
    data.write_text(
        "单位,时间,主题,日期,概述,主要工作1标题\n"
        "城关镇,2025年,招商引资,2025-12-20,城关镇全力以赴抓招商,强化招商队伍建设\n"
        "坏行,2025年,,2025-12-20,x,\n",
        encoding="utf-8",
    )
    d.find_element(By.ID, "tab-batch").click()
    d.find_element(By.ID, "batch-file").send_keys(str(data))
    rows = _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#batch-plan tbody tr"))
    assert len(rows) == 2
    assert "城关镇-关于2025年招商引资工作情况的汇报.docx" in rows[0].text
    assert "缺少必填字段" in rows[1].text and "bad" in rows[1].get_attribute("class")
    assert "1 行可以生成" in d.find_element(By.ID, "batch-status").text
    d.find_element(By.ID, "batch-run").click()
    archive = _downloaded(d, ".zip")
    assert archive.name == "乡镇-草稿.zip"
    names = zipfile.ZipFile(archive).namelist()
    assert sorted(names) == ["batch-report.csv", "城关镇-关于2025年招商引资工作情况的汇报.docx"]
