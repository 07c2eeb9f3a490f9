#!/usr/bin/python3
"""End-to-end test of class mode (`outreach serve --class`) in real
browsers: a teacher, a projector and three students, each in its own
headless Chromium (its own cookies), one student at phone size (360x740)
and one team named `<script>alert(1)</script><b>x</b>`, which must show as
text. The students join, one first tries budget shares that do not add up
(the submit button waits, saying why), all submit; the teacher locks and
runs round 1, opens round 2 with ads allowed, a student revises, round 2
runs, and the teacher's debrief shows every team with two spread pictures
side by side. Screenshots of the teacher's, the projector's and the
student's (phone) pages go to OUTPUT_FOLDER.

Usage: class_test.py OUTREACH_BINARY OUTPUT_FOLDER
"""

import os
import queue
import subprocess
import sys
import threading
import time

from harness import Browser, Failure
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

HOSTILE = "<script>alert(1)</script><b>x</b>"
# A year: long enough for networking to pay back, as a class should see.
MARKET = """name = "class test market"
days = 365
seed = 11
[population]
size = 5000
[population.network]
mean_degree = 20
[arms.unused.networking]
"""


class ClassServer:
    """`outreach serve --class` on a free loopback port: its teacher link,
    join address and projector address, read from what it prints."""

    def __init__(self, binary, folder, *args, market_text=MARKET, timeout=30):
        market = os.path.join(folder, "market.toml")
        with open(market, "w") as f:
            f.write(market_text)
        self.process = subprocess.Popen(
            [binary, "serve", "--class", market, "--host", "127.0.0.1", "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Lines are read by a thread, so that waiting for them has a timeout.
        got = queue.Queue()
        threading.Thread(target=lambda: [got.put(l) for l in self.process.stdout], daemon=True).start()
        lines = []
        deadline = time.monotonic() + timeout
        while len(lines) < 3:
            try:
                lines.append(got.get(timeout=max(0.1, deadline - time.monotonic())))
            except queue.Empty:
                self.close()
                raise Failure(f"the class server printed {lines!r} within {timeout} s") from None
        # "Teacher (...): URL", "Students join at: URL", "Projector (...): URL"
        self.teacher_link = lines[0].split(": ", 1)[1].strip()
        self.join_url = lines[1].split(": ", 1)[1].strip()
        self.projector_url = lines[2].split(": ", 1)[1].strip()
        self.base = self.join_url.rstrip("/")
        self.port = int(self.base.rsplit(":", 1)[1])

    def close(self):
        self.process.kill()
        self.process.wait(timeout=10)


def text(b, element_id):
    return b.driver.find_element(By.ID, element_id).text


def click(b, element_id):
    e = b.driver.find_element(By.ID, element_id)
    b.js("arguments[0].scrollIntoView({block: 'center'})", e)
    e.click()


def set_range(b, element_id, value):
    """Moves a slider as a person would (its value, then its input event)."""
    b.js("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
         "e.dispatchEvent(new Event('input', {bubbles: true}))", element_id, str(value))


def join(b, base, name):
    b.driver.get(base + "/")
    b.wait(lambda d: d.find_element(By.ID, "live").text == "connected", 20, "the student page to connect")
    box = b.driver.find_element(By.ID, "name")
    box.send_keys(name)
    b.driver.find_element(By.CSS_SELECTOR, "#join-form button").click()
    b.wait(lambda d: d.find_element(By.ID, "team").is_displayed(), 20, f"{name!r} to join")


def choose(b, kinds):
    """Ticks the tactics `kinds` and unticks the others allowed (the form is
    drawn again after each tick, so each box is looked up afresh)."""
    ids = b.js("return [...document.querySelectorAll('#tactics legend input[type=checkbox]')].map(e => e.id)")
    for box_id in ids:
        box = b.driver.find_element(By.ID, box_id)
        if box.is_selected() != (box_id[len("use-"):] in kinds):
            b.js("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()


def submit(b, who):
    b.wait(lambda d: d.find_element(By.ID, "submit").is_enabled(), 10, f"{who}'s submit button to be enabled")
    click(b, "submit")
    b.wait(lambda d: d.find_element(By.ID, "plan-msg").text.startswith("Plan submitted"), 20,
           f"{who}'s plan to be accepted (said: {text(b, 'plan-msg')!r})")


def round_finished(b, number, timeout=180):
    b.wait(lambda d: d.find_element(By.ID, "race-status").text.startswith(f"Round {number}: finished"),
           timeout, f"round {number}'s race to finish")


def main():
    binary, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    server = ClassServer(binary, out, "--class-file", os.path.join(out, "class.json"))
    browsers = []
    try:
        started = time.monotonic()
        teacher = Browser(1280, 1000)
        browsers.append(teacher)
        teacher.driver.get(server.teacher_link)
        teacher.wait(lambda d: d.find_element(By.ID, "teacher").is_displayed(), 20, "the teacher's page")
        if "key=" in teacher.driver.current_url:
            raise Failure(f"the secret is still in the address bar: {teacher.driver.current_url}")
        if text(teacher, "join-url") != server.join_url:
            raise Failure(f"the teacher's page shows {text(teacher, 'join-url')!r}, not {server.join_url!r}")
        qr_ok = teacher.js("const i = document.getElementById('qr'); return i.complete && i.naturalWidth > 100")
        if not qr_ok:
            teacher.wait(lambda d: d.execute_script("const i = document.getElementById('qr'); return i.complete && i.naturalWidth > 100"), 10, "the QR code")

        projector = Browser(1280, 800)
        browsers.append(projector)
        projector.driver.get(server.projector_url)
        projector.wait(lambda d: d.find_element(By.ID, "join-url").text == server.join_url, 20, "the projector's join address")
        if projector.driver.find_elements(By.TAG_NAME, "button"):
            raise Failure("the projector's page has controls")

        phone = Browser(360, 740)
        phone.resize(360, 740)
        browsers.append(phone)
        others = [Browser(1024, 768), Browser(1024, 768)]
        browsers.extend(others)
        students = [(phone, HOSTILE), (others[0], "Blue Team"), (others[1], "Équipe Verte")]
        for b, name in students:
            join(b, server.base, name)
            shown = b.driver.find_element(By.ID, "team-name")
            if shown.text != name or shown.find_elements(By.TAG_NAME, "b"):
                raise Failure(f"the team name shows as {shown.get_attribute('innerHTML')!r}, not as the text {name!r}")

        # The phone: shares that do not add up cannot be sent, and say why.
        choose(phone, ["email-blast", "networking"])
        set_range(phone, "share-email-blast", 70)
        set_range(phone, "share-networking", 50)
        if phone.driver.find_element(By.ID, "submit").is_enabled():
            raise Failure("the submit button is enabled with shares adding up to 120 %")
        why = text(phone, "why")
        if "120 %" not in why:
            raise Failure(f"no reason for the disabled button: {why!r}")
        set_range(phone, "share-networking", 30)
        phone.js("document.getElementById('team').scrollIntoView()")
        phone.screenshot(os.path.join(out, "class-student-phone.png"))
        submit(phone, "the phone")
        choose(others[0], ["networking"])
        submit(others[0], "Blue Team")
        choose(others[1], ["email-blast", "networking", "community"])
        click(others[1], "split")
        submit(others[1], "Équipe Verte")

        # Coming back on the same device finds the team and the plan.
        phone.driver.refresh()
        phone.wait(lambda d: d.find_element(By.ID, "team").is_displayed(), 20, "the phone's team after a reload")
        phone.wait(lambda d: d.find_element(By.ID, "share-email-blast").get_attribute("value") == "70", 10, "the phone's plan after a reload")

        teacher.wait(lambda d: "3 with a plan" in d.find_element(By.ID, "team-count").text, 20, "three plans on the teacher's page")
        names = [e.text for e in teacher.driver.find_elements(By.CSS_SELECTOR, "#teams .name")]
        if HOSTILE not in names:
            raise Failure(f"the teacher's list shows {names!r}")
        teacher.screenshot(os.path.join(out, "class-teacher-teams.png"))

        for number in (1, 2):
            if number == 2:
                # Round 2 allows ads; a team revises its plan.
                click(teacher, "allow-social-ads")
                click(teacher, "next")
                teacher.wait(lambda d: d.find_element(By.ID, "round-state").text.startswith("Round 2 is open"), 20, "round 2 to open")
                b = others[0]
                b.wait(lambda d: d.find_elements(By.ID, "use-social-ads"), 20, "ads on the student's form")
                choose(b, ["networking", "social-ads"])
                click(b, "split")
                submit(b, "Blue Team (round 2)")
            click(teacher, "lock")
            teacher.wait(lambda d: not d.find_element(By.ID, "run").get_property("disabled"), 20, "the Run button")
            click(teacher, "run")
            for b in [teacher, projector, phone]:
                round_finished(b, number)
            teacher.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#board table.board tbody tr")) == 5, 20,
                         "the leaderboard (three teams, two reference arms)")

        # The teacher's ranking choice reaches the projector; back to profit.
        for by, word in (("customers", "by customers"), ("profit", "by profit")):
            Select(teacher.driver.find_element(By.ID, "by")).select_by_value(by)
            projector.wait(lambda d: word in d.find_element(By.CSS_SELECTOR, "#board caption").text, 20,
                           f"the projector's board to rank {word}")

        # The board: intervals and ties, names as text, on every page.
        board = [e.text for e in projector.driver.find_elements(By.CSS_SELECTOR, "#board .team-name")]
        if HOSTILE not in board:
            raise Failure(f"the projector's board shows {board!r}")
        rows = [e.text for e in teacher.driver.find_elements(By.CSS_SELECTOR, "#board tbody tr")]
        if not any("[" in r for r in rows):
            raise Failure(f"no intervals on the board: {rows!r}")
        if not phone.driver.find_elements(By.CSS_SELECTOR, "#board tr.mine"):
            raise Failure("the phone's board does not mark the team's own row")
        phone.wait(lambda d: " of 5 (" in d.find_element(By.ID, "status").text, 10,
                   "the phone to say where its team came")

        # The debrief: every arm, and two spread pictures side by side.
        teacher.wait(lambda d: d.find_element(By.ID, "debrief-section").is_displayed(), 20, "the debrief")
        debrief = teacher.driver.find_elements(By.CSS_SELECTOR, "#debrief tbody tr")
        if len(debrief) != 5:
            raise Failure(f"the debrief has {len(debrief)} rows, not 5")
        teacher.wait(lambda d: d.execute_script(
            "return ['a','b'].every(s => { const i = document.getElementById('spread-img-' + s); return i.complete && i.naturalWidth > 0; })"),
            120, "both spread pictures")
        links = [a.get_attribute("href") for a in teacher.driver.find_elements(By.CSS_SELECTOR, "#history .files a")]
        if len(links) != 10:
            raise Failure(f"{len(links)} download links for two rounds, not 10")

        # The phone's page fits its 360 px: nothing to scroll sideways.
        wide = phone.js("return document.documentElement.scrollWidth")
        if wide > 360:
            raise Failure(f"the phone's page is {wide} px wide, wider than its 360 px screen")

        # No script ran from a name: an alert would be open.
        for b in browsers:
            try:
                alert = b.driver.switch_to.alert
                raise Failure(f"a page opened an alert: {alert.text!r}")
            except NoAlertPresentException:
                pass
            if b.js("return document.querySelector('b, script:not([src])') !== null"):
                raise Failure("markup from a name made it into a page")

        teacher.js("window.scrollTo(0, 0)")
        teacher.screenshot(os.path.join(out, "class-teacher.png"))
        teacher.js("document.getElementById('debrief-section').scrollIntoView()")
        teacher.screenshot(os.path.join(out, "class-teacher-debrief.png"))
        projector.screenshot(os.path.join(out, "class-projector.png"))
        phone.js("document.getElementById('race-status').scrollIntoView()")
        phone.screenshot(os.path.join(out, "class-student-phone-race.png"))
        phone.js("document.getElementById('board').scrollIntoView()")
        phone.screenshot(os.path.join(out, "class-student-phone-board.png"))
        print(f"class mode in browsers: 1 teacher, 1 projector, 3 students, two rounds and the debrief in {time.monotonic() - started:.1f} s")
        print(f"screenshots in {out}")
    finally:
        for b in browsers:
            b.close()
        server.close()


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
