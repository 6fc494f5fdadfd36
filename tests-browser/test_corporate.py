"""The corporate cabinet as a company and the operator's staff use it, in a real browser: a company
applies, staff approve it in the console, its administrator signs in with the issued credentials and
chooses a password; the demo company's administrator finds numbers among 5 000, sets a limit, forbids
transfers and downloads the statement.

Runs against the demo started by scripts/test; KABINET_CORPORATE_PASSWORD is the demo company
administrator's password from the demo's banner."""

import os
import re

from playwright.sync_api import expect

from test_login import BASE, SCREENS, browser  # noqa: F401 (fixture)

INTERNAL = os.environ["KABINET_INTERNAL_URL"]
STAFF_LOGIN = os.environ["KABINET_CONSOLE_LOGIN"]
STAFF_PASSWORD = os.environ["KABINET_CONSOLE_PASSWORD"]
ADMIN_PASSWORD = os.environ["KABINET_CORPORATE_PASSWORD"]
INN = "5001007329"
CONTACT = "+7 916 555-44-33"


def corporate_sign_in(page, login, password):
    page.goto(f"{BASE}/corporate/login")
    page.select_option("#region", "moscow")
    page.click("#region-form button")
    expect(page.locator("body")).to_contain_text("Москва и Московская область")
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("#login-form button")


def test_apply_approve_and_first_sign_in(browser):
    os.makedirs(SCREENS, exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{BASE}/corporate/login")
    page.click("text=Нет доступа? Подайте заявку")
    page.fill("#company_name", "ООО «Берёзка»")
    page.fill("#inn", "5001007320")
    page.fill("#contact_name", "Берёзкина Мария")
    page.fill("#email", "office@berezka.example")
    page.fill("#phone", CONTACT)
    page.select_option("#region", "moscow")
    page.fill("#numbers", "+7 999 555-00-01")
    page.click("#apply-form button")
    expect(page.locator("[role=alert]")).to_contain_text("ИНН не прошёл проверку")
    page.fill("#inn", INN)
    page.click("#apply-form button")
    expect(page.locator("#application-sent")).to_contain_text("принята")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    number = re.search(r"№(\d+)", page.locator("#application-sent").inner_text()).group(1)

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU").new_page()
    staff.goto(f"{INTERNAL}/console/login")
    staff.fill("#login", STAFF_LOGIN)
    staff.fill("#password", STAFF_PASSWORD)
    staff.click("button[type=submit]")
    staff.click("text=Корпоративные клиенты")
    staff.click(f"#console-applications a[href='/console/corporate/applications/{number}']")
    expect(staff.locator("body")).to_contain_text("не обслуживается")
    staff.click("#approve-form button")
    expect(staff.locator("#flash")).to_contain_text(f"логин администратора adm{INN}")
    login = re.search(r"логин администратора (\S+),", staff.locator("#flash").inner_text()).group(1)
    expect(staff.locator("#application-state")).to_contain_text("Одобрена")
    staff.screenshot(path=f"{SCREENS}/console-application.png", full_page=True)
    staff.click("text=Журнал действий")
    expect(staff.locator("#console-actions")).to_contain_text("corporate_application_approved")

    # The password came by SMS to the contact's number (the demo shows its outbox).
    page.goto(f"{BASE}/dev/outbox")
    texts = page.locator("td.sms").all_inner_texts()
    issued = next(re.search(r"кабинета: (\S+)\.", t).group(1) for t in texts if "корпоративного кабинета:" in t)
    corporate_sign_in(page, login, issued)
    expect(page).to_have_url(f"{BASE}/corporate/password")
    expect(page.locator("body")).to_contain_text("Пароль выдан оператором")
    page.fill("#current", issued)
    page.fill("#new", "Berezka-Cabinet-26")
    page.click("#password-form button")
    expect(page).to_have_url(f"{BASE}/corporate/numbers")
    expect(page.locator("#flash")).to_contain_text("Пароль изменён")
    expect(page.locator("#number-count")).to_have_text("0")
    context.close()


def test_demo_company_numbers_limits_rules_statement(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU", accept_downloads=True)
    page = context.new_page()
    corporate_sign_in(page, "vector-admin", ADMIN_PASSWORD)
    expect(page).to_have_url(f"{BASE}/corporate/numbers")
    expect(page.locator("#number-count")).to_have_text("5000")
    expect(page.locator("#company-numbers tbody tr")).to_have_count(50)
    page.click("#next-page")
    expect(page.locator("#company-numbers")).to_contain_text("+7 999 100-00-50")
    page.fill("#q", "Смирнова Анна")
    page.click("form[role=search] button")
    expect(page.locator("#company-numbers")).to_contain_text("+7 999 100-00-16")
    page.screenshot(path=f"{SCREENS}/corporate-numbers.png", full_page=True)

    page.click("a[href='/corporate/numbers/79991000016']")
    page.fill("#limit", "2500")
    page.click("#limit-form button")
    expect(page.locator("#flash")).to_contain_text("Лимит сохранён")
    expect(page.locator("#number-limit")).to_contain_text("500,00")
    page.fill("#amount", "150")
    page.click("#allocate-form button")
    expect(page.locator("#flash")).to_contain_text("150,00")

    page.click("text=Ограничения")
    expect(page.locator("input[value=transfers]")).to_be_checked()
    page.check("input[value='option:travel']")
    page.click("#rules-form button")
    expect(page.locator("#flash")).to_contain_text("Ограничения сохранены")
    expect(page.locator("input[value='option:travel']")).to_be_checked()

    page.click("text=Счёт и детализация")
    expect(page.locator("#company-statement")).to_contain_text("Средства компании")
    # The company tops up its account by card, as a subscriber does, through the provider's page.
    page.fill("#topup-amount", "1000")
    page.click("#topup-form button")
    page.fill("input[name=card]", "4111 1111 1111 1111")
    page.click("button[value=pay]")
    expect(page.locator("#payment-result")).to_contain_text("зачислен на счёт компании")
    expect(page.locator("#company-statement")).to_contain_text("Пополнение счёта компании")
    with page.expect_download() as download:
        page.click("text=Скачать CSV")
    path = download.value.path()
    with open(path, encoding="utf-8-sig") as csv:
        text = csv.read()
    assert "+79991000016;Средства компании;150,00" in text
    page.screenshot(path=f"{SCREENS}/corporate-account.png", full_page=True)

    page.click("a[hreflang=en]")
    expect(page.locator("h1")).to_have_text("The company's account")
    page.click("a[hreflang=ru]")
    page.click("text=Выйти")
    expect(page).to_have_url(f"{BASE}/corporate/login")
    context.close()
