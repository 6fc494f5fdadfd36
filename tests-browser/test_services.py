"""Tariff and services as a person uses them, in a real browser: package remainders on the
home page, a tariff change through its preview, and a voluntary block lifted again.

Runs against the demo server started by scripts/test (KABINET_URL). Uses the company number
with self-care allowed, which no other browser test signs in with."""

import os
import time

from playwright.sync_api import expect

from test_login import BASE, SCREENS, browser, latest_code  # noqa: F401 (fixture)


def sign_in_when_allowed(page, phone):
    """The login test asked this number for a password moments ago; like a person told to
    wait, ask again once the one-a-minute limit allows."""
    for _ in range(15):
        page.goto(f"{BASE}/login")
        page.fill("#phone", phone)
        page.click("button[value=password]")
        if page.locator("[role=alert]").count() == 0:
            break
        time.sleep(5)
    code = latest_code(page)
    page.goto(f"{BASE}/login")
    page.fill("#phone", phone)
    page.fill("#password", code)
    page.click("button[value=login]")
    expect(page).to_have_url(f"{BASE}/home")


def test_tariff_change_and_block(browser):
    os.makedirs(SCREENS, exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="ru-RU")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in_when_allowed(page, "8 901 222-33-55")
    expect(page.locator("#packages")).to_contain_text("3000 из 3000 мин")
    expect(page.locator("#balance")).to_have_text("789,90\u00a0₽")

    page.goto(f"{BASE}/tariff")
    page.locator("article.offer", has_text="Смарт —").first.locator("button").click()
    expect(page.locator("#tariff-change-preview")).to_contain_text("550,00")
    expect(page.locator("body")).to_contain_text("Сгорят остатки пакетов")
    page.screenshot(path=f"{SCREENS}/tariff-change-375.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click("text=Подтвердить смену тарифа")
    expect(page.locator("[role=status]")).to_contain_text("Тариф изменён.")
    expect(page.locator("#current-tariff")).to_contain_text("Смарт")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.goto(f"{BASE}/home")
    expect(page.locator("#balance")).to_have_text("239,90\u00a0₽")
    expect(page.locator("#packages")).to_contain_text("500 из 500 мин")

    page.goto(f"{BASE}/block")
    page.click("text=Заблокировать номер")
    # The server asks again; the number is still served until the second press.
    expect(page.locator("#block-status")).to_contain_text("Обслуживается")
    page.click("text=Да, заблокировать")
    expect(page.locator("#block-status")).to_contain_text("Заблокирован по вашему заявлению")
    page.click("text=Разблокировать номер")
    expect(page.locator("[role=status]")).to_contain_text("Номер разблокирован.")
    context.close()
