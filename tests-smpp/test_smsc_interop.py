"""SMS and USSD through a real SMPP 3.4 SMSC (smpp34.Server), end to end (G4, A2, A6, issue 15)."""

import json
import random
import re
import shutil
import signal
import sqlite3
import time
import urllib.request

import pytest
import smpp34
from playwright.sync_api import expect, sync_playwright

import subprocess

from conftest import BINARY, Kabinet, free_port
from smsc import SMSC, joined_messages

ANNA, IVAN, CORPORATE = "79261234567", "79161112233", "79012223355"


def post_json(base, path, body):
    request = urllib.request.Request(
        f"{base}{path}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def messages_to(smsc, number, containing, count=1, timeout=30):
    def found(submits):
        matches = [text for to, text in joined_messages(submits) if to == number and containing in text]
        return matches if len(matches) >= count else None

    return smsc.wait_for(found, timeout=timeout, what=f"{count} message(s) to {number} with {containing!r}")


def code_in(text):
    return re.search(r"(\d{6,})", text).group(1)


def test_a_password_from_the_login_page_arrives_as_ucs2_parts_and_signs_in(kabinet, smsc):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian's chromium is required"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(locale="ru-RU")
        page.goto(f"{kabinet.url}/login")
        page.fill("#phone", "8 926 123-45-67")
        page.click("button[value=password]")
        expect(page.locator(".message.info")).to_contain_text("***")
        text = messages_to(smsc, ANNA, "Пароль")[-1]
        # Cyrillic longer than 70 characters: UCS-2 parts with a concatenation header.
        parts = [s for s in smsc.snapshot() if s["to"] == ANNA]
        assert len(parts) >= 2 and all(s["data_coding"] == 8 and s["esm_class"] & 0x40 for s in parts)
        page.goto(f"{kabinet.url}/login")
        page.fill("#phone", "8 926 123-45-67")
        page.fill("#password", code_in(text))
        page.click("button[value=login]")
        expect(page).to_have_url(f"{kabinet.url}/home")
        browser.close()


def test_a_password_requested_through_the_api_arrives_and_signs_the_app_in(kabinet, smsc):
    status, _ = post_json(kabinet.url, "/api/v1/auth/password", {"phone": "+7 916 111-22-33"})
    assert status in (200, 202)
    text = messages_to(smsc, IVAN, "")[-1]
    status, tokens = post_json(kabinet.url, "/api/v1/auth/login", {"phone": IVAN, "password": code_in(text)})
    assert status == 200 and tokens.get("accessToken")


def test_receipts_mark_messages_delivered_and_erase_codes(kabinet, smsc):
    parts = [s for s in smsc.snapshot() if s["to"] == ANNA]
    assert parts
    for part in parts:
        receipt = f"id:{part['id']} sub:001 dlvrd:001 submit date:2612041200 done date:2612041201 stat:DELIVRD err:000 text:"
        assert smsc.deliver(ANNA, "000110", receipt.encode(), esm_class=0x04) == 0
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        listing = kabinet.cli("sms", "outbox", "--to", ANNA)
        if "[delivered]" in listing:
            break
        time.sleep(0.2)
    assert "[delivered]" in listing and "(code erased)" in listing, listing
    assert not re.search(r"\d{6,}", listing.split("[delivered]")[1].splitlines()[1])


def test_an_mo_pas_sets_the_password(kabinet, smsc):
    assert smsc.deliver(CORPORATE, "000110", b"PAS Lebed-2026x") == 0
    messages_to(smsc, CORPORATE, "")
    status, tokens = post_json(kabinet.url, "/api/v1/auth/login", {"phone": CORPORATE, "password": "Lebed-2026x"})
    assert status == 200, tokens
    # Neither the password nor the full number reaches the log.
    log = open(kabinet.log).read()
    assert "Lebed-2026x" not in log and CORPORATE not in log


def test_an_empty_sms_to_0001100_asks_for_a_password_and_refusals_explain_themselves(kabinet, smsc):
    # The company forbids this number the cabinet: the answer says so and names the contact centre (A7).
    assert smsc.deliver("79012223344", "0001100", b"") == 0
    messages_to(smsc, "79012223344", "0890")


def test_serve_without_an_sms_route_refuses_to_start(workdir, smsc):
    server = Kabinet(workdir, smsc.port, command="serve")
    del server.environment["KABINET_SMPP_URL"]
    server.environment.pop("KABINET_SMS_ROUTE", None)
    result = subprocess.run(
        [server.environment.get("KABINET_BINARY", BINARY), "serve", "--port", str(server.port)], env=server.environment,
        capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "KABINET_SMPP_URL" in result.stdout + result.stderr


def test_ussd_over_smpp_runs_the_same_menu(kabinet, smsc):
    op = smpp34.Tlv(smpp34.TLV_USSD_SERVICE_OP, bytes([1]))
    before = len(smsc.snapshot())
    assert smsc.deliver(IVAN, "105", b"*105#", tlvs=[op]) == 0
    menu = smsc.wait_for(lambda s: [x for x in s[before:] if 0x0501 in x["tlvs"]], what="the USSD menu")[0]
    assert menu["tlvs"][0x0501] == bytes([2])  # USSR request: the session stays open
    before = len(smsc.snapshot())
    assert smsc.deliver(IVAN, "105", b"1", tlvs=[op]) == 0
    answer = smsc.wait_for(lambda s: [x for x in s[before:] if 0x0501 in x["tlvs"]], what="the balance")[0]
    assert answer["tlvs"][0x0501] == bytes([17])  # PSSR response: the session ends


def readiness(kabinet):
    try:
        with urllib.request.urlopen(f"{kabinet.url}/health/ready", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_smsc_down_for_a_while_loses_nothing_and_sends_each_once(kabinet, smsc):
    status, report = readiness(kabinet)
    assert status == 200 and report["sms"] == "smpp bound", report
    smsc.stop()
    deadline = time.monotonic() + 15
    while readiness(kabinet)[0] != 503 and time.monotonic() < deadline:
        time.sleep(0.2)
    status, report = readiness(kabinet)
    assert status == 503 and any("SMSC" in reason for reason in report["reasons"]), report
    for number in (ANNA, IVAN, CORPORATE):
        kabinet.cli("sms", "send", "--from", number, "--to", "000110", "HELP")
    time.sleep(2)
    smsc.start()
    smsc.wait_bound(count=2)
    deadline = time.monotonic() + 15
    while readiness(kabinet)[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert readiness(kabinet)[0] == 200
    for number in (ANNA, IVAN, CORPORATE):
        messages_to(smsc, number, "000110")
    time.sleep(2)  # anything sent twice would have arrived by now
    for number in (ANNA, IVAN, CORPORATE):
        helps = [t for to, t in joined_messages(smsc.snapshot()) if to == number and "PAS" in t]
        assert len(helps) == 1, helps


def test_throttling_slows_the_client_and_loses_nothing(kabinet, smsc):
    smsc.throttle_next = 4
    refused_before = smsc.refused
    for number in (ANNA, IVAN):
        kabinet.cli("sms", "send", "--from", number, "--to", "000110", "HELP")
    for number in (ANNA, IVAN):
        smsc.wait_for(
            lambda s: len([t for to, t in joined_messages(s) if to == number and "PAS" in t]) >= 2,
            timeout=60, what="throttled messages")
    assert smsc.refused - refused_before == 4


def test_kill_9_with_messages_in_flight_sends_none_twice_beyond_the_window(workdir):
    """Counts what SMPP's at-least-once costs: a message submitted but not yet recorded when the
    process dies is sent again after its lease runs out. The README reports the count."""
    center = SMSC(free_port())
    center.start()
    server = Kabinet(
        workdir, center.port, command="serve",
        extra={"KABINET_USSD_GATEWAY_TOKEN": "t" * 32, "KABINET_SMS_GATEWAY_TOKEN": "s" * 32, "KABINET_SMS_LEASE_SECONDS": "5"})
    server.cli("migrate")
    path = server.database.removeprefix("sqlite:")
    total = 300
    with sqlite3.connect(path) as database:
        database.executemany(
            "INSERT INTO sms_outbox (recipient, sender, body, created_at, attempts, state, next_attempt_at, secret)"
            " VALUES (?, '000110', ?, 0, 0, 'queued', 0, 0)",
            [("7916%07d" % i, f"message {i}") for i in range(total)])
    server.start()
    threshold = random.randint(20, 200)
    center.wait_for(lambda s: len(s) >= threshold, what="some submissions")
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()
    killed_at = len(center.snapshot())
    server.start()
    center.wait_for(lambda s: len({x["payload"] for x in s}) >= total, timeout=120, what="every message")
    time.sleep(1)
    submits = center.snapshot()
    duplicates = len(submits) - len({x["payload"] for x in submits})
    print(f"\nkill -9 after {killed_at} of {total} submissions: {duplicates} sent twice")
    server.stop()
    center.stop()
    assert duplicates <= 10, f"{duplicates} duplicates, more than the window of 10"
