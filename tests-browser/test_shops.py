"""The nearest shop, as a person on a phone finds it: the page asks the browser where it is (granted
here), lists the nearest shops with their distance and whether each is open now, and without a location
the city list still works.

Runs against the demo server started by scripts/test (KABINET_URL)."""

import re

from playwright.sync_api import expect

from test_login import BASE, browser  # noqa: F401 (fixture)


def test_nearest_shops_by_location_and_by_city(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ru-RU", geolocation={"latitude": 59.9343, "longitude": 30.3351},
        permissions=["geolocation"])
    page = context.new_page()
    page.goto(f"{BASE}/shops")
    page.click("#find-near")
    expect(page).to_have_url(re.compile(r"/shops\?lat=59\.934300&lon=30\.335100"))
    first = page.locator("li.shop").first
    expect(first.locator("h2")).to_have_text("Салон на Невском")
    expect(first.locator(".distance")).to_contain_text("м")
    page.select_option("#city", "Новосибирск")
    page.click("button:has-text('Показать')")
    expect(page.locator("li.shop h2").first).to_have_text("Салон на Красном проспекте")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
