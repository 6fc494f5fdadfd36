"""Money flows as a person does them, in a real browser: a card top-up through the
provider's hosted page (the demo's sandbox), a declined card, and the month view.

Runs against the demo server started by scripts/test (KABINET_URL)."""

import os
import re

from playwright.sync_api import expect

from test_login import BASE, SCREENS, browser, latest_code  # noqa: F401 (fixture)


def sign_in(page, phone):
    page.goto(f"{BASE}/login")
    page.fill("#phone", phone)
    page.click("button[value=password]")
    code = latest_code(page)
    page.goto(f"{BASE}/login")
    page.fill("#phone", phone)
    page.fill("#password", code)
    page.click("button[value=login]")
    expect(page).to_have_url(f"{BASE}/home")


def test_card_top_up_through_the_payment_page(browser):
    os.makedirs(SCREENS, exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-GB")
    page = context.new_page()
    sign_in(page, "+7 916 111-22-33")
    page.click("a[hreflang=en]")
    expect(page.locator("#balance")).to_have_text("1,250.50\u00a0RUB")

    page.click("text=Top up")
    page.fill("#amount", "100")
    page.click("text=Continue to payment")
    expect(page).to_have_url(re.compile(r"/sandbox/checkout/sbx_"))
    expect(page.locator("#amount")).to_contain_text("100,00")
    page.fill("input[name=card]", "4111 1111 1111 1111")
    page.click("button[value=pay]")
    expect(page).to_have_url(re.compile(r"/topup/result/\d+"))
    expect(page.locator("#payment-state")).to_contain_text("Payment successful")
    page.screenshot(path=f"{SCREENS}/payment-375.png", full_page=True)

    page.click("text=Back to home")
    expect(page.locator("#balance")).to_have_text("1,350.50\u00a0RUB")

    # A declined card leaves the balance as it was.
    page.goto(f"{BASE}/topup")
    page.fill("#amount", "50")
    page.click("text=Continue to payment")
    page.fill("input[name=card]", "4000 0000 0000 0002")
    page.click("button[value=pay]")
    expect(page.locator("#payment-state")).to_contain_text("Payment failed")
    page.goto(f"{BASE}/home")
    expect(page.locator("#balance")).to_have_text("1,350.50\u00a0RUB")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # The month view shows the top-up, with a chart drawn on the server. (Same session: a second
    # password for the number within a minute would be refused by the rate limit.)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{BASE}/month")
    expect(page.locator("figure.chart svg")).to_be_visible()
    expect(page.locator("text=Card top-up")).to_be_visible()
    expect(page.locator("#total-in")).to_be_visible()
    page.screenshot(path=f"{SCREENS}/month-1280.png", full_page=True)

    # A transfer: each step's POST redirects (Post/Redirect/Get), so reload and Back repeat a GET;
    # the code step counts down to "send the code again".
    page.goto(f"{BASE}/transfer")
    page.fill("#recipient", "8 926 123-45-67")
    page.fill("#amount", "10")
    page.click("button:has-text('Send a confirmation code')")
    expect(page).to_have_url(re.compile(r"/transfer\?draft=\d+"))
    step = page.url
    expect(page.locator("#flash")).to_be_visible()
    expect(page.locator("#resend-code")).to_be_disabled()
    expect(page.locator("#resend-note")).to_contain_text("You can ask for a new code in")
    page.reload()
    expect(page.locator("#flash")).to_have_count(0)
    expect(page.locator("#code")).to_have_count(1)
    code = latest_code(page)
    page.goto(step)
    page.fill("#code", code)
    page.click("button:has-text('Confirm the transfer')")
    expect(page).to_have_url(f"{BASE}/transfer")
    expect(page.locator("#flash")).to_contain_text("The transfer is done")
    page.reload()
    expect(page.locator("#flash")).to_have_count(0)
    page.goto(f"{BASE}/home")
    expect(page.locator("#balance")).to_have_text("1,335.50\u00a0RUB")
    context.close()
