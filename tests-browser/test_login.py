"""The login flow as a person does it, in a real browser (Debian's chromium).

Runs against a demo server started by scripts/test (KABINET_URL)."""

import os
import re
import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

BASE = os.environ["KABINET_URL"]
SCREENS = os.environ.get("KABINET_SCREENSHOTS", "/tmp/kabinet-screens")


def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Debian's chromium is required (apt-get install chromium)"
    return path


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield browser
        browser.close()


def latest_code(page):
    """The code in the newest SMS that carries one (payment receipts and the like do not)."""
    page.goto(f"{BASE}/dev/outbox")
    texts = page.locator("td.sms").all_inner_texts()
    for text in texts:
        match = re.search(r":\s*(\d{6,})", text)
        if match:
            return match.group(1)
    raise AssertionError(f"no code in the outbox: {texts[:3]}")


CASES = [
    ({"width": 1280, "height": 800}, "8 (926) 123-45-67", "+7 926 ***-**-67", "350,00", "350.00", "120"),
    ({"width": 375, "height": 740}, "+7 (901) 2223355", "+7 901 ***-**-55", "789,90", "789.90", "40"),
]


@pytest.mark.parametrize("viewport,phone,masked,rub_ru,rub_en,bonus", CASES)
def test_get_password_and_sign_in(browser, viewport, phone, masked, rub_ru, rub_en, bonus):
    os.makedirs(SCREENS, exist_ok=True)
    context = browser.new_context(viewport=viewport, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{BASE}/login")
    expect(page.locator("h1")).to_have_text("Вход в личный кабинет")

    page.fill("#phone", phone)
    page.click("button[value=password]")
    expect(page.locator(".message.info")).to_contain_text(masked)

    code = latest_code(page)
    page.goto(f"{BASE}/login")
    page.fill("#phone", phone)
    page.fill("#password", code)
    page.click("button[value=login]")
    expect(page).to_have_url(f"{BASE}/home")
    expect(page.locator("#balance")).to_have_text(rub_ru + "\u00a0₽")
    expect(page.locator("#bonus")).to_contain_text(bonus)
    # Nothing overflows sideways on a phone-sized screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=f"{SCREENS}/home-{viewport['width']}.png", full_page=True)

    page.click("a[hreflang=en]")
    expect(page.locator("h1")).to_have_text("Self-care")
    expect(page.locator("#balance")).to_have_text(rub_en + "\u00a0RUB")
    page.click("a[hreflang=ru]")

    page.click("text=Выйти")
    expect(page).to_have_url(f"{BASE}/login")
    page.goto(f"{BASE}/home")
    expect(page).to_have_url(f"{BASE}/login")
    context.close()


def test_wrong_password_is_explained(browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{BASE}/login")
    expect(page.locator("h1")).to_have_text("Sign in to self-care")
    page.fill("#phone", "+7 916 111-22-33")
    page.click("button[value=password]")
    page.fill("#password", "000000")
    page.click("button[value=login]")
    expect(page.locator(".message.error")).to_contain_text("Attempts left: 5")
    page.fill("#phone", "44 20 7946 0958")
    page.click("button[value=password]")
    expect(page.locator(".message.error")).to_contain_text("not a Russian mobile number")
    context.close()
