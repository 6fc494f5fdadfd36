"""WCAG 2.2 AA as axe-core checks it (issue 21): every page of the cabinet, at phone and desktop
sizes and in both languages, with no serious or critical violation; the console's pages too.

Runs last (its name), so the numbers it signs in with are free of the one-a-minute password limit."""

import os

from axe_playwright_python.sync_playwright import Axe

from test_login import BASE, browser  # noqa: F401 (fixture)
from test_services import sign_in_when_allowed

PAGES = ["/home", "/payments", "/services", "/more", "/topup", "/promised", "/transfer", "/month", "/tariff",
         "/options", "/statement", "/statistics", "/bonus", "/offers", "/notifications", "/block", "/settings/login", "/shops",
         "/forwarding", "/ringback", "/blacklist", "/support"]


def serious(axe, page):
    result = axe.run(page)
    return [(v["id"], v["nodes"][0]["html"][:160]) for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_no_serious_violations(browser):
    axe = Axe()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{BASE}/login")
    found = {"/login": serious(axe, page)}
    sign_in_when_allowed(page, "+7 926 123-45-67")
    for language in ("ru", "en"):
        page.goto(f"{BASE}/language?set={language}&back=%2Fhome")
        for width, height in ((390, 844), (1366, 900)):
            page.set_viewport_size({"width": width, "height": height})
            for path in PAGES:
                page.goto(f"{BASE}{path}")
                problems = serious(axe, page)
                if problems:
                    found[f"{language} {width} {path}"] = problems
    internal = os.environ.get("KABINET_INTERNAL_URL")
    if internal:
        page.goto(f"{internal}/console/login")
        found["console login"] = serious(axe, page)
    # The corporate cabinet (issue 20): its public pages, then signed in as the demo company.
    corporate_password = os.environ.get("KABINET_CORPORATE_PASSWORD")
    if corporate_password:
        for language in ("ru", "en"):
            page.goto(f"{BASE}/language?set={language}&back=%2Fcorporate%2Flogin")
            for path in ("/corporate/login", "/corporate/login?region=moscow", "/corporate/apply"):
                page.goto(f"{BASE}{path}")
                found[f"{language} {path}"] = serious(axe, page)
        page.goto(f"{BASE}/corporate/login?region=moscow")
        page.fill("#login", "vector-admin")
        page.fill("#password", corporate_password)
        page.click("#login-form button")
        for language in ("ru", "en"):
            page.goto(f"{BASE}/language?set={language}&back=%2Fcorporate%2Fnumbers")
            for width, height in ((390, 844), (1366, 900)):
                page.set_viewport_size({"width": width, "height": height})
                for path in ("/corporate/numbers", "/corporate/numbers/79991000001", "/corporate/rules",
                             "/corporate/account", "/corporate/users", "/corporate/password"):
                    page.goto(f"{BASE}{path}")
                    problems = serious(axe, page)
                    if problems:
                        found[f"{language} {width} {path}"] = problems
    context.close()
    assert not {where: problems for where, problems in found.items() if problems}
