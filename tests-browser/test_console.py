"""The operator console as staff use it, in a real browser: sign in, read the catalogue,
edit it in the editor, see a mistake explained, and save a new version.

Runs against the demo server started by scripts/test, which also creates the console account
named by KABINET_CONSOLE_LOGIN / KABINET_CONSOLE_PASSWORD with `kabinet staff add`."""

import os

from playwright.sync_api import expect

from test_login import SCREENS, browser  # noqa: F401 (fixture)

# The console lives on the internal listener, never on the cabinet's public one.
BASE = os.environ["KABINET_INTERNAL_URL"]

LOGIN = os.environ["KABINET_CONSOLE_LOGIN"]
PASSWORD = os.environ["KABINET_CONSOLE_PASSWORD"]


def test_catalogue_editor(browser):
    os.makedirs(SCREENS, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()

    page.goto(f"{BASE}/console")
    expect(page).to_have_url(f"{BASE}/console/login")
    page.fill("#login", LOGIN)
    page.fill("#password", "not the password")
    page.click("button[type=submit]")
    expect(page.locator("[role=alert]")).to_have_text("Неверный логин или пароль.")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{BASE}/console/catalogue")
    expect(page.locator("h1")).to_have_text("Каталог услуг")
    expect(page.locator("table").first).to_contain_text("smart")
    current = page.locator("#current-version").inner_text()

    page.click("text=Изменить каталог")
    source = page.locator("#source").input_value()
    assert "А. Вивальди" in source
    # A mistake is explained with its place, and nothing is saved.
    page.locator("#source").fill(source.replace("fee_period: month", "fee_period: fortnight", 1))
    page.click("button[value=save]")
    expect(page.locator("[role=alert]")).to_contain_text("Каталог не сохранён")
    expect(page.locator(".problems")).to_contain_text("fee_period")
    page.screenshot(path=f"{SCREENS}/console-problems.png", full_page=True)

    page.locator("#source").fill(source.replace("А. Вивальди", "Антонио Вивальди"))
    page.click("button[value=check]")
    expect(page.locator("[role=status]")).to_contain_text("Ошибок нет")
    page.click("button[value=save]")
    expect(page.locator("[role=status]")).to_contain_text(f"Каталог сохранён как версия {int(current) + 1}")
    expect(page.locator("body")).to_contain_text("Антонио Вивальди")
    page.screenshot(path=f"{SCREENS}/console-catalogue.png", full_page=True)

    # The previous version still reads as it was.
    page.click(f"a[href='/console/catalogue/versions/{current}']")
    expect(page.locator("pre.source")).to_contain_text("А. Вивальди")
    page.click("text=Выйти")
    expect(page).to_have_url(f"{BASE}/console/login")
    context.close()
