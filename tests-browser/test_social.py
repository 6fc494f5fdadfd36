"""Social sign-in through a real OpenID Connect provider that is not ours (PyPI oidc-provider-mock, started
by scripts/test as "VK ID"): link the account in the login settings, sign out, sign in through it; an
account no number is linked to is told how to link one.

Runs against the demo server started by scripts/test (KABINET_URL)."""

import os

import pytest
from playwright.sync_api import expect

from test_login import BASE, browser  # noqa: F401 (fixture)
from test_services import sign_in_when_allowed

pytestmark = pytest.mark.skipif(not os.environ.get("KABINET_OIDC_PROVIDERS"), reason="scripts/test starts the provider")


def authorize(page, subject):
    """The provider's own form: who signs in, then Authorize."""
    page.fill("input[name=sub]", subject)
    page.click("button:has-text('Authorize')")


def test_link_and_sign_in_through_the_provider(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU")
    page = context.new_page()
    sign_in_when_allowed(page, "8 926 123-45-67")
    page.goto(f"{BASE}/settings/login")
    page.click("button:has-text('Привязать VK ID')")
    authorize(page, "anna-vk-42")
    expect(page).to_have_url(f"{BASE}/settings/login")
    expect(page.locator("#flash")).to_contain_text("Вход привязан: VK ID")
    expect(page.locator("#social")).to_contain_text("Отвязать VK ID")

    page.goto(f"{BASE}/more")
    page.locator("form[action='/logout'] button").first.click()
    expect(page).to_have_url(f"{BASE}/login")
    page.click("a:has-text('Войти через VK ID')")
    authorize(page, "anna-vk-42")
    expect(page).to_have_url(f"{BASE}/home")

    # Someone whose account is linked to no number learns how to link one.
    stranger = browser.new_context(locale="ru-RU")
    other = stranger.new_page()
    other.goto(f"{BASE}/login")
    other.click("a:has-text('Войти через VK ID')")
    authorize(other, "nobody-vk")
    expect(other).to_have_url(f"{BASE}/login")
    expect(other.locator("#flash")).to_contain_text("не привязан ни к одному номеру")
    stranger.close()
    context.close()
