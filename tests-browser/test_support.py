"""Ask a specialist (E1) in a real browser: a subscriber writes from the cabinet, staff find the
question in the console's queue and answer it, the subscriber reads the answer and gets an SMS.
axe-core checks the pages on the way (the console's are not in the accessibility sweep), and the
console finds the number among its subscribers."""

import os

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from test_login import BASE, browser  # noqa: F401 (fixture)
from test_services import sign_in_when_allowed
from test_zz_accessibility import serious

INTERNAL = os.environ["KABINET_INTERNAL_URL"]
LOGIN = os.environ["KABINET_CONSOLE_LOGIN"]
PASSWORD = os.environ["KABINET_CONSOLE_PASSWORD"]
QUESTION = "Как включить интернет в роуминге?"
ANSWER = "Передача данных в роуминге включается в настройках телефона, на тарифе ничего менять не нужно."


def test_question_answered_from_the_console(browser):
    axe = Axe()
    subscriber = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
    page = subscriber.new_page()
    sign_in_when_allowed(page, "8 901 222-33-55")
    page.goto(f"{BASE}/more")
    page.click("a[href='/support']")
    expect(page.locator("h1")).to_have_text("Вопрос специалисту")
    page.fill("#question", QUESTION)
    page.click("form.stack button[type=submit]")
    expect(page.locator(".message.flash")).to_contain_text("Вопрос отправлен")
    expect(page.locator("#support-conversation li.subscriber")).to_contain_text(QUESTION)
    assert not serious(axe, page)

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    console = staff.new_page()
    console.goto(f"{INTERNAL}/console/login")
    console.fill("#login", LOGIN)
    console.fill("#password", PASSWORD)
    console.click("button[type=submit]")
    console.click("nav.console-bar a[href='/console/support']")
    expect(console.locator("#support-waiting")).to_contain_text(QUESTION)
    assert not serious(axe, console)
    console.click("#support-waiting a:has-text('+7 901 222-33-55')")
    expect(console.locator("#support-conversation")).to_contain_text(QUESTION)
    console.fill("#answer", ANSWER)
    console.click("form.stack button[type=submit]")
    expect(console.locator("[role=status]")).to_contain_text("Ответ отправлен")
    assert not serious(axe, console)
    console.click("text=К вопросам")
    expect(console.locator("main")).to_contain_text("Все вопросы отвечены.")
    # The same number found in the console's subscriber pages (H1), with the way to its conversation.
    console.click("nav.console-bar a[href='/console/subscribers']")
    console.fill("#number", "8 901 222-33-55")
    console.click("form[role=search] button")
    expect(console.locator("#contract")).to_have_text("+7 901 222-33-55")
    assert not serious(axe, console)

    page.goto(f"{BASE}/support")
    expect(page.locator("#support-conversation li.staff")).to_contain_text(ANSWER)
    page.goto(f"{BASE}/dev/outbox")
    expect(page.locator("td.sms").first).to_contain_text("Специалист ответил на ваш вопрос.")
    staff.close()
    subscriber.close()
