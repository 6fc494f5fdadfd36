"""The detailed statement and spending statistics in a real browser, on a phone-sized screen:
the demo's usage of this month (rated from usage records) is listed, filtered and exported as
CSV and as a PDF whose Cyrillic text is read back with pypdf.

Runs against the demo server started by scripts/test (KABINET_URL)."""

import os

from playwright.sync_api import expect
from pypdf import PdfReader

from test_login import BASE, SCREENS, browser  # noqa: F401 (fixture)
from test_services import sign_in_when_allowed


def test_statement_and_statistics(browser):
    os.makedirs(SCREENS, exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-US", accept_downloads=True)
    page = context.new_page()
    sign_in_when_allowed(page, "+7 916 111-22-33")
    page.click("a[href='/statement']")
    expect(page.locator("h1")).to_have_text("Detailed statement")
    table = page.locator("#statement")
    expect(table).to_contain_text("Outgoing call")
    expect(table).to_contain_text("Mobile internet")
    expect(table).to_contain_text("Incoming call")
    page.screenshot(path=f"{SCREENS}/statement-375.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Only SMS: the other kinds go away.
    for kind in ["calls", "data", "fees", "payments", "other"]:
        page.uncheck(f"input[name=c][value={kind}]")
    page.click("button[type=submit]")
    expect(table).to_contain_text("Outgoing SMS")
    expect(table).not_to_contain_text("Outgoing call")

    with page.expect_download() as download:
        page.click("#export-csv")
    path = download.value.path()
    with open(path, encoding="utf-8-sig") as exported:
        text = exported.read()
    assert text.startswith("Date and time;Type;Number;Volume;From package;Amount, RUB")
    assert "Outgoing SMS" in text and "Outgoing call" not in text

    # The PDF in Russian: Cyrillic comes out of the embedded font as text a reader can extract.
    page.goto(f"{BASE}/language?set=ru&back=%2Fstatement")
    with page.expect_download() as download:
        page.click("#export-pdf")
    reader = PdfReader(download.value.path())
    first = reader.pages[0].extract_text()
    assert "Детализация счёта" in first
    assert "Исходящий звонок" in first
    assert "+7 916 111-22-33" in first
    page.goto(f"{BASE}/language?set=en&back=%2Fstatistics")
    page.goto(f"{BASE}/statistics")
    expect(page.locator("#months-chart svg")).to_be_visible()
    expect(page.locator("#by-category")).to_contain_text("Fees and services")
    page.screenshot(path=f"{SCREENS}/statistics-375.png", full_page=True)
    context.close()
