#!/usr/bin/python3
"""End-to-end test of the live page (`outreach serve`) in a real browser:
every parameter row has a control; pick a lesson, move a slider with the
keyboard, press Run, wait for the last day, read the final values shown
and compare them with `outreach run` on the downloaded scenario (and its
report.html with the one `outreach run` writes); the network picture
follows the run, its day slider goes back and forth, and with reduced
motion it does not play by itself; drag a slider for 5 seconds at 20 moves
a second and check the page stays responsive and ends on the final value;
the mixing lesson's "try this" variants show their verdicts after its run;
save screenshots at 1280x800 and 1024x768. Measures the time from Run to
the first day drawn on a fresh server (opened at once, and after a pause
as a teacher would). Prints the timings the issue asks for.

Usage: serve_test.py OUTREACH_BINARY OUTPUT_FOLDER
"""

import csv
import json
import os
import subprocess
import sys
import time

from harness import Browser, Failure, Server, elapsed
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

LESSON = "classic"
SLIDER = 'div.row[data-param="arms.<arm>.networking.conversations_per_day"] input[type=range]'


def finished(b, days):
    """Waits for a run of `days` days to be drawn to its end."""
    b.wait(
        lambda d: d.execute_script("return document.body.dataset.finished")
        == str(days)
        and d.find_element(By.ID, "status").text.startswith("Done"),
        120,
        f"the run to draw its last day ({days})",
    )


def reveal(b, element):
    """Opens the section holding `element` and scrolls it into view."""
    b.js(
        "let d = arguments[0].closest('details'); while (d) { d.open = true; d = d.parentElement.closest('details'); }"
        "arguments[0].scrollIntoView({block: 'center'})",
        element,
    )
    return element


def fresh_run(b):
    """Clears the finished marker, so the next `finished` waits for a new run."""
    b.js("delete document.body.dataset.finished")


def check_every_row_has_a_control(b):
    rows = b.js_async(
        "const done = arguments[0];"
        "fetch('/api/form').then(r => r.json()).then(f => done(f.rows))"
    )
    # Give the first arm every tactic, so that every tactic's rows are drawn.
    for _ in range(5):
        adders = b.driver.find_elements(
            By.CSS_SELECTOR, "fieldset.arm select[aria-label^='Tactic to add']"
        )
        if not adders:
            break
        options = [o.get_attribute("value") for o in adders[0].find_elements(By.TAG_NAME, "option")]
        Select(adders[0]).select_by_value([v for v in options if v][0])
    missing = []
    kind = b.js("return state.population.network.kind")
    for r in rows:
        if r.get("kinds") and kind not in r["kinds"]:
            continue  # drawn only for its own network kinds
        found = b.driver.find_elements(By.CSS_SELECTOR, f'div.row[data-param="{r["path"]}"]')
        if not found:
            missing.append(r["path"])
    if missing:
        raise Failure(f"no control for {missing}")
    # The network kinds' own rows appear with their kind.
    kinds = b.driver.find_element(By.CSS_SELECTOR, 'div.row[data-param="population.network.kind"] select')
    Select(reveal(b, kinds)).select_by_value("communities")
    for path in ("population.network.communities", "population.network.inside_share"):
        if not b.driver.find_elements(By.CSS_SELECTOR, f'div.row[data-param="{path}"]'):
            raise Failure(f"no control for {path} on a communities network")
    return len(rows)


def fresh_first_day(binary, wait_s):
    """A fresh server, its page opened `wait_s` seconds after it printed its
    address: the page's first run (a Run press, on load) to its first day
    drawn, in ms, for the default scenario."""
    server = Server(binary)
    b = Browser(1280, 800)
    try:
        time.sleep(wait_s)
        b.driver.get(server.url)
        finished(b, 365)
        t = b.js("return window.outreachTimings")
        # The first day drawn, and of that when it arrived from the server.
        return f"{round(t['firstDay'])} (arrived at {round(t['firstArrived'])})"
    finally:
        b.close()
        server.close()


def network_day(b):
    """The day the network picture shows and its first arm's counts."""
    return b.js(
        "return [Number(document.getElementById('net-day').value),"
        " document.querySelector('#net-arms .net-counts').textContent]"
    )


def check_network(b, days):
    """The picture follows the run to its last day; the slider goes back."""
    canvases = b.driver.find_elements(By.CSS_SELECTOR, "#net-arms canvas")
    arms = b.js("return current.start.arms.length")
    if len(canvases) != arms:
        raise Failure(f"{len(canvases)} network pictures for {arms} arms")
    day, last = network_day(b)
    if day != days or b.js("return document.getElementById('net-day').max") != str(days):
        raise Failure(f"the network picture shows day {day}, not the last day {days}")
    slider = b.driver.find_element(By.ID, "net-day")
    reveal(b, slider)
    b.js("arguments[0].value = '1'; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", slider)
    day, first = network_day(b)
    if day != 1 or first == last:
        raise Failure(f"back to day 1 the picture did not change: {first!r} / {last!r}")
    if "day 1 of" not in b.driver.find_element(By.ID, "net-day-text").text:
        raise Failure("the day shown beside the slider is not day 1")
    slider.send_keys(Keys.END)
    if network_day(b) != [days, last]:
        raise Failure("the slider's end does not show the last day again")
    # The states drawn are the server's: each arm's digits of the last day.
    drawn = b.js("return current.days[current.days.length - 1].states.map(s => s && s.length)")
    people = b.js("return current.network.samples[current.network.arms[0]].at.length")
    if drawn[0] != people:
        raise Failure(f"{drawn[0]} states for {people} people")


def check_reduced_motion(binary):
    """With reduced motion the picture does not play along; it shows the
    last day once the run is done, and the slider still works."""
    server = Server(binary)
    b = Browser(1280, 800)
    try:
        b.driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
        )
        b.driver.get(server.url)
        finished(b, 365)
        fresh_run(b)
        Select(b.driver.find_element(By.ID, "speed")).select_by_value("30")
        b.driver.find_element(By.ID, "run").click()
        b.wait(lambda d: d.execute_script("return current && current.shown > 20"), 60, "days drawn slowly")
        if network_day(b)[0] != 0:
            raise Failure("with reduced motion the network picture played along with the run")
        if not b.driver.find_element(By.ID, "net-motion").is_displayed():
            raise Failure("the page does not say why the picture stands still")
        Select(b.driver.find_element(By.ID, "speed")).select_by_value("0")
        finished(b, 365)
        if network_day(b)[0] != 365:
            raise Failure("with reduced motion the finished run's last day is not shown")
        check_network(b, 365)
    finally:
        b.close()
        server.close()


def check_variants(b, out):
    """The mixing lesson: after its run, each "try this" variant shows
    "checking…", then its verdict as the server sends it (the default
    limits hold every lesson's variants; a variant beyond the limits is
    tested in tests/it/serve.rs)."""
    fresh_run(b)
    Select(b.driver.find_element(By.ID, "lesson")).select_by_value("mixing")
    finished(b, 365)
    labels = b.js("return current.doneData.variants")
    if len(labels) != 2:
        raise Failure(f"the mixing lesson's variants: {labels}")
    started = time.monotonic()
    b.wait(
        lambda d: d.execute_script("return document.body.dataset.variantsChecked") == "2",
        300,
        "both variants of the mixing lesson to be checked",
    )
    waited = elapsed(started)
    items = b.driver.find_elements(By.CSS_SELECTOR, "#variant-verdicts li")
    lines = [(i.get_attribute("class"), i.text) for i in items]
    for label in (
        "with behaviour.trust_negativity_ratio=1, replicates=80: ",
        "with arms.mixed.email-blast.cadence_days=7, replicates=30: ",
    ):
        shown = [c for c, t in lines if label in t]
        if shown not in (["holds"], ["open"]):
            raise Failure(f"no verdict shown for the variant {label!r}: {lines}")
    reveal(b, b.driver.find_element(By.ID, "verdicts"))
    b.screenshot(os.path.join(out, "live-page-variants.png"))
    print(f"the mixing lesson's variants show their verdicts: {lines}")
    return waited


def summary_finals(path, days):
    """Final-day means of summary.csv: {(arm, metric): mean}."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["day"] == str(days) and row["mean"]:
                out[(row["strategy"], row["metric"])] = float(row["mean"])
    return out


def main(binary, out):
    os.makedirs(out, exist_ok=True)
    report = {}
    # First, before anything else loads the machine: fresh servers.
    report["fresh server, page opened at once: first day after Run (ms)"] = fresh_first_day(binary, 0)
    report["fresh server, page opened after 3 s: first day after Run (ms)"] = fresh_first_day(binary, 3)
    check_reduced_motion(binary)
    print("with reduced motion the network picture stands still until the run is done")
    server = Server(binary)
    b = Browser(1280, 800)
    b.resize(1280, 800)
    try:
        b.driver.get(server.url)
        b.js("localStorage.clear()")
        b.driver.get(server.url)
        finished(b, 365)
        rows = check_every_row_has_a_control(b)
        print(f"every one of {rows} parameter rows has a control")

        # A lesson, from a fresh page.
        b.js("localStorage.clear()")
        b.driver.get(server.url)
        finished(b, 365)
        fresh_run(b)
        Select(b.driver.find_element(By.ID, "lesson")).select_by_value(LESSON)
        b.wait(lambda d: d.find_element(By.ID, "lesson-text").is_displayed(), 10, "the lesson's question")
        days = b.js("return state.days")
        finished(b, days)

        # Move a slider with the keyboard and press Run.
        fresh_run(b)
        slider = reveal(b, b.driver.find_element(By.CSS_SELECTOR, SLIDER))
        before = float(slider.get_attribute("value"))
        slider.send_keys(Keys.ARROW_RIGHT)
        after = float(slider.get_attribute("value"))
        if after <= before:
            raise Failure(f"the slider did not move ({before} -> {after})")
        b.driver.find_element(By.ID, "run").click()
        finished(b, days)
        timings = b.js("return window.outreachTimings")
        report["first day drawn after Run (ms)"] = round(timings["firstDay"])
        report["whole run drawn after Run (ms)"] = round(timings["total"])
        report["server's run (s)"] = round(timings["serverSeconds"], 2)
        # The form from its top: the lesson's question and what to try, as
        # a newcomer sees them first.
        b.js("document.getElementById('form-pane').scrollTop = 0")
        b.screenshot(os.path.join(out, "live-page-1280x800.png"))
        check_network(b, days)
        print("the network picture follows the run and its day slider goes back and forth")
        verdicts = b.driver.find_elements(By.CSS_SELECTOR, "#verdicts ul:not(#variant-verdicts) li")
        expected = b.js("return state.lesson.expect.length")
        if len(verdicts) != expected:
            raise Failure(f"{len(verdicts)} verdicts shown for the lesson's {expected} outcomes")

        # Pause and Step act on the drawing: slow the speed, pause, step one day.
        fresh_run(b)
        Select(b.driver.find_element(By.ID, "speed")).select_by_value("7")
        b.driver.find_element(By.ID, "run").click()
        b.wait(lambda d: d.execute_script("return current && current.shown > 0"), 60, "a first day drawn slowly")
        b.driver.find_element(By.ID, "pause").click()
        held = b.js("return current.shown")
        time.sleep(0.5)
        if b.js("return current.shown") != held:
            raise Failure("days kept being drawn while paused")
        b.wait(lambda d: d.execute_script("return current.days.length > current.shown"), 60, "a day to step to")
        b.driver.find_element(By.ID, "step").click()
        if b.js("return current.shown") != held + 1:
            raise Failure("Step did not draw exactly one more day")
        if "Paused at day" not in b.driver.find_element(By.ID, "status").text:
            raise Failure("the status does not say the run is paused")
        b.driver.find_element(By.ID, "pause").click()
        Select(b.driver.find_element(By.ID, "speed")).select_by_value("0")
        finished(b, days)

        # The values shown equal `outreach run` on the downloaded scenario.
        shown = b.js(
            "return [...document.querySelectorAll('#final tbody tr')].map(tr =>"
            " [tr.querySelector('th').textContent, [...tr.querySelectorAll('td')].map(td => td.dataset.mean)])"
        )
        metrics = b.js("return current.start.charts.map(c => c.metric)")
        toml = b.js_async(
            "const done = arguments[0];"
            "fetch('/api/export/scenario.toml', {method: 'POST', headers: {'Content-Type': 'application/json'},"
            " body: JSON.stringify(state)}).then(r => r.text()).then(done)"
        )
        path = os.path.join(out, "scenario.toml")
        with open(path, "w") as f:
            f.write(toml)
        started = time.monotonic()
        cli = subprocess.run(
            [binary, "run", path, "--quiet", "--out", os.path.join(out, "cli")],
            capture_output=True, text=True, timeout=300,
        )
        report["outreach run on the same scenario (s)"] = round(elapsed(started), 2)
        # 3: a lesson's outcome did not hold, a result rather than an error.
        if cli.returncode not in (0, 3):
            raise Failure(f"outreach run failed: {cli.stderr}")
        finals = summary_finals(os.path.join(out, "cli", "summary.csv"), days)
        compared = 0
        for arm, means in shown:
            for metric, mean in zip(metrics, means):
                if float(mean) != finals[(arm, metric)]:
                    raise Failure(f"{arm} {metric}: page {mean}, outreach run {finals[(arm, metric)]}")
                compared += 1
        print(f"{compared} final values on the page equal outreach run's")
        page_report = b.js_async(
            "const done = arguments[0];"
            "fetch('/api/export/report.html', {method: 'POST', headers: {'Content-Type': 'application/json'},"
            " body: JSON.stringify(state)}).then(r => r.text()).then(done)"
        )
        with open(os.path.join(out, "cli", "report.html")) as f:
            if f.read() != page_report:
                raise Failure("the page's report.html differs from outreach run's")
        print("the page's report.html is outreach run's")

        # A 5-second drag at 20 moves a second: no long task over 100 ms,
        # and the run shown at the end uses the last value.
        fresh_run(b)
        b.js(
            "window.longest = 0;"
            "new PerformanceObserver(l => l.getEntries().forEach(e => window.longest = Math.max(window.longest, e.duration)))"
            ".observe({type: 'longtask', buffered: false});"
        )
        b.js_async(
            "const [slider, done] = arguments; let n = 0;"
            "const t = setInterval(() => {"
            "  slider.value = String(Number(slider.min) + (n % 20) * Number(slider.step));"
            "  slider.dispatchEvent(new Event('input', {bubbles: true}));"
            "  if (++n === 100) { clearInterval(t); done(); } }, 50);",
            slider,
        )
        last = float(slider.get_attribute("value"))
        finished(b, days)
        longest = b.js("return window.longest")
        report["longest task during the drag (ms)"] = round(longest)
        used = b.js("return current && JSON.parse(current.sent).arms")
        value = next(iter(v["networking"]["conversations_per_day"] for v in used.values() if "networking" in v))
        if value != last:
            raise Failure(f"the last run used {value}, the slider ends at {last}")
        if longest > 100:
            raise Failure(f"a task blocked the page for {longest:.0f} ms during the drag")

        b.resize(1024, 768)
        time.sleep(0.5)
        b.screenshot(os.path.join(out, "live-page-1024x768.png"))

        # The server goes away and comes back: the page says so, keeps the
        # form and runs it again.
        kept = b.js("return JSON.stringify(state)")
        server.close()
        b.wait(lambda d: "Disconnected" in d.find_element(By.ID, "status").text, 20, "the page to say it is disconnected")
        fresh_run(b)
        server = Server(binary, port=server.port)
        finished(b, days)
        if b.js("return JSON.stringify(state)") != kept:
            raise Failure("the form changed across the reconnection")

        report["mixing lesson: its variants' verdicts shown after its run was drawn (s)"] = round(check_variants(b, out), 2)
    finally:
        b.close()
        server.close()
    for k, v in report.items():
        print(f"{k}: {v}")
    with open(os.path.join(out, "timings.json"), "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    try:
        main(sys.argv[1], sys.argv[2])
    except Failure as e:
        print(f"browser test failed: {e}", file=sys.stderr)
        sys.exit(1)
    print("browser test: 1 passed, 0 failed")
