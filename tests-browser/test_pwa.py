"""The cabinet as an installable app on a phone: Chromium's own installability check finds nothing
missing, the service worker takes over, and with no connection a page shows the offline page (never a
cached personal page).

Runs against the demo server started by scripts/test (KABINET_URL). A persistent profile, since
Chromium never offers to install from an incognito context (Playwright's usual kind)."""

import tempfile

from playwright.sync_api import expect, sync_playwright

from test_login import BASE, chromium_path


def test_installable_with_an_offline_page():
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), args=["--no-sandbox"],
            viewport={"width": 390, "height": 844}, locale="ru-RU")
        page = context.new_page()
        page.goto(f"{BASE}/login")
        # The worker installs and controls the page once it is active.
        page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        page.wait_for_function("navigator.serviceWorker.controller !== null")

        session = context.new_cdp_session(page)
        errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], f"Chromium says the app is not installable: {errors}"
        manifest = session.send("Page.getAppManifest")
        assert not manifest.get("errors"), manifest.get("errors")

        context.set_offline(True)
        page.goto(f"{BASE}/home")
        expect(page.locator("#offline h1")).to_have_text("Нет связи")
        context.set_offline(False)
        context.close()
