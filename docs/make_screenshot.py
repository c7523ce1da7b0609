"""Make docs/serve.png: the page of `drafter serve` with the 工作汇报 example filled in,
in headless Chromium (as the browser tests drive it). Run: .venv/bin/python docs/make_screenshot.py"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from drafter.web.app import create_app
from drafter.web.server import BackgroundServer

OUT = Path(__file__).resolve().parent / "serve.png"


def main(type_name: str = "工作汇报", out: Path = OUT) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--hide-scrollbars"):
        options.add_argument(arg)
    with BackgroundServer(create_app()) as url:
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.get(f"{url}/?type={type_name}")
            time.sleep(1)
            driver.find_element(By.ID, "btn-example").click()
            time.sleep(1.5)
            driver.execute_script("document.querySelector('.left').scrollTop = 0")
            time.sleep(0.3)
            driver.save_screenshot(str(out))
        finally:
            driver.quit()


if __name__ == "__main__":
    main(*sys.argv[1:2])
