"""The cabinet's sections as an operator app has them (issue 21): a tab bar at the bottom of a phone
screen and a menu across the top of a wide one, the current section marked, the balance in sight on
every section page, and nothing scrolling sideways even at 320 px.

Signs in with the company number with self-care allowed, after the services test (same number)."""

from playwright.sync_api import expect

from test_login import BASE, browser  # noqa: F401 (fixture)
from test_services import sign_in_when_allowed

SECTIONS = [
    ("Главная", "/home"),
    ("Платежи", "/payments"),
    ("Тариф и услуги", "/services"),
    ("Детализация", "/statement"),
    ("Ещё", "/more"),
]
PAGES = ["/home", "/payments", "/services", "/more", "/topup", "/promised", "/transfer", "/month", "/tariff",
         "/options", "/statement", "/statistics", "/bonus", "/offers", "/notifications", "/block", "/settings/login"]


def test_sections_on_phone_and_desktop(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
    page = context.new_page()
    sign_in_when_allowed(page, "8 901 222-33-55")
    tabs = page.locator("nav.sections a")
    expect(tabs).to_have_count(5)
    for index, (label, href) in enumerate(SECTIONS):
        expect(tabs.nth(index)).to_have_text(label)
        assert tabs.nth(index).get_attribute("href") == href
    # On a phone the bar sits at the bottom of the screen.
    box = page.locator("nav.sections").bounding_box()
    assert box["y"] + box["height"] >= 844 - 2
    page.click("nav.sections >> text=Платежи")
    expect(page).to_have_url(f"{BASE}/payments")
    expect(page.locator("nav.sections a[aria-current=page]")).to_have_text("Платежи")
    expect(page.locator("#hub-balance")).to_contain_text("₽")
    page.click("text=Перевод на другой номер")
    expect(page).to_have_url(f"{BASE}/transfer")
    expect(page.locator("nav.sections a[aria-current=page]")).to_have_text("Платежи")
    page.click("nav.sections >> text=Ещё")
    expect(page.locator("body")).to_contain_text("Бонусная программа")
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 740})
        for path in PAGES:
            page.goto(f"{BASE}{path}")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways at {width}"
    # On a wide screen the same sections run across the top.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{BASE}/statistics")
    expect(page.locator("nav.sections a[aria-current=page]")).to_have_text("Детализация")
    assert page.locator("nav.sections").bounding_box()["y"] < 120
    context.close()
