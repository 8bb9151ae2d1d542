"""The HTML report in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``; ``.ci/run`` installs them when missing) opens the page offline, logs no
console error, and shows its figures and tables. A screenshot is saved to
``$QNETSIM_ARTIFACTS`` (CI keeps it) or to the test's temporary directory."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qnetsim.experiments.reproduce import reproduce, scenario_dir
from qnetsim.report.html_sections import reproduce_report

FILES = [scenario_dir() / "liu2026_ions.toml", scenario_dir() / "thomas2024_qd_memory.toml"]
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1600",
)  # fmt: skip


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        f"none of {names} on PATH: install Debian's chromium and chromium-driver "
        "(apt-get install -y chromium chromium-driver; .ci/run does it when they are missing)"
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _tool("chromium", "chromium-browser")
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(_tool("chromedriver")), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_report_renders_offline_with_figures_tables_and_no_console_error(
    browser: Any, tmp_path: Path
) -> None:
    report = reproduce_report(reproduce(FILES, quick=True), "qnetsim report (browser test)")
    page = report.write(tmp_path / "report")
    browser.get(page.as_uri())
    assert browser.title == "qnetsim report (browser test)"
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    svgs = browser.find_elements("css selector", "figure > svg")
    tables = browser.find_elements("css selector", "table.qnetsim")
    assert len(svgs) == report.figures == 3 and len(tables) == report.tables >= 6
    for element in [*svgs, *tables]:
        assert (
            element.is_displayed() and element.size["width"] > 100 and element.size["height"] > 50
        )
    # the figures' text is drawn as text: their labels are on the page
    assert "fibre length (km)" in browser.find_element("tag name", "body").text
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1280, min(int(height) + 100, 16000))
    out = Path(os.environ.get("QNETSIM_ARTIFACTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    shot = out / "report-screenshot.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 50_000
