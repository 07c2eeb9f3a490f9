#!/usr/bin/python3
"""Bounded loopback load test of class mode: 40 students (plain HTTP
clients, one thread each, all from one address as behind a classroom's
router) join and submit while a round runs. Round 1 (the reference arms
only, 730 days, 50 replicates) is running while they join: their
submissions are refused with a message (the round is locked). The teacher opens round 2; every student
submits until accepted, then keeps submitting revisions while round 2 (42
arms, 20 replicates) runs, each refused with a message. Checks that every
answer is an acceptance or a refusal with a message, that no accepted plan
is lost (round 2 races each team's last accepted plan), and that both
rounds finish. Prints the figures.

Usage: class_load_test.py OUTREACH_BINARY OUTPUT_FOLDER
"""

import http.client
import json
import os
import statistics
import sys
import threading
import time

from class_test import ClassServer
from harness import Failure

STUDENTS = 40
MARKET = """name = "class load market"
days = 90
seed = 11
[population]
size = 3000
[population.network]
mean_degree = 20
[arms.unused.networking]
"""
TIMEOUT = 300


class Client:
    """One device: its cookies, over HTTP/1.1 to the server."""

    def __init__(self, port):
        self.port = port
        self.cookie = ""

    def request(self, method, path, body=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        data = None
        if body is not None:
            data = json.dumps(body)
            headers.update({"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{self.port}"})
        started = time.monotonic()
        c.request(method, path, data, headers)
        r = c.getresponse()
        raw = r.read()
        seconds = time.monotonic() - started
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                self.cookie = v.split(";")[0]
        c.close()
        try:
            payload = json.loads(raw)
        except ValueError:
            payload = {"error": raw.decode(errors="replace")}
        return r.status, payload, seconds


def plan(k, revision):
    """Student k's plan, revision `revision`: shares differ by student."""
    e = 5 * ((k + revision) % 19 + 1)
    return {"tactics": {"email-blast": {"budget_share": e / 100, "cadence_days": 1 + k % 14},
                        "networking": {"budget_share": (100 - e) / 100}}}


def state(client):
    status, s, _ = client.request("GET", "/api/class/state")
    if status != 200:
        raise Failure(f"state: HTTP {status} {s}")
    return s


def wait_round(client, number, want, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = state(client)
        r = s["rounds"][-1]
        if r["number"] == number and r["state"] == want:
            return s
        time.sleep(0.2)
    raise Failure(f"round {number} was not {want} within {timeout} s")


def main():
    binary, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    server = ClassServer(binary, out, market_text=MARKET)
    try:
        teacher = Client(server.port)
        link = server.teacher_link.split(str(server.port), 1)[1]
        teacher.request("GET", link)
        if "outreach_teacher" not in teacher.cookie:
            raise Failure("the teacher's link set no cookie")
        # Round 1 (two reference arms) is long enough for the whole class to
        # join while it runs; round 2 races every team.
        rules = {"tactics": ["email-blast", "networking", "community"], "days": 730, "replicates": 50,
                 "daily_budget": 300, "reference_arms": True}
        rules2 = dict(rules, days=90, replicates=20)
        for path, body in [("/api/class/rules", rules), ("/api/class/lock", {}), ("/api/class/run", {})]:
            status, r, _ = teacher.request("POST", path, body)
            if status != 200:
                raise Failure(f"{path}: HTTP {status} {r}")

        answers = []  # (phase, student, status, message, seconds)
        accepted = {}  # student -> its last accepted plan
        revisions = {}  # student -> plans accepted
        joined_at = {}  # student -> when its join was answered
        lock = threading.Lock()
        phase = ["round 1 running"]  # set by the teacher's thread below
        stop = threading.Event()
        failures = []
        clients = [Client(server.port) for _ in range(STUDENTS)]

        streams = {}  # student -> (days of round 2 seen, round 2 done seen)

        def listen(k):
            """The student's page's live connection: the race of round 2."""
            c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            c.request("GET", "/api/class/events", headers={"Host": f"127.0.0.1:{server.port}", "Cookie": clients[k].cookie})
            r = c.getresponse()
            name, days, done = None, 0, False
            while not done:
                line = r.fp.readline().decode()
                if not line:
                    break
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:") and name in ("day", "done"):
                    data = json.loads(line[5:])
                    if data.get("round") == 2:
                        days += name == "day"
                        done = name == "done"
            streams[k] = (days, done)
            c.close()

        def student(k):
            c = clients[k]
            try:
                status, r, s = c.request("POST", "/api/class/join", {"name": f"Student {k} <b>&</b>"})
                with lock:
                    answers.append(("join", k, status, r.get("error"), s))
                    joined_at[k] = time.monotonic()
                if status != 200:
                    raise Failure(f"student {k} could not join: {status} {r}")
                threading.Thread(target=listen, args=(k,), daemon=True).start()
                revision = 0
                # A student revising a plan every 0.6 s whatever the round's
                # state: accepted while it is open, refused with the reason
                # while it is locked or running.
                while not stop.is_set():
                    p = plan(k, revision)
                    now = phase[0]
                    status, r, s = c.request("POST", "/api/class/plan", p)
                    with lock:
                        answers.append((now, k, status, r.get("error"), s))
                        if status == 200:
                            accepted[k] = p
                            revisions[k] = revisions.get(k, 0) + 1
                    if status == 200:
                        revision += 1
                    time.sleep(0.6)
            except Exception as e:  # noqa: BLE001 - reported below
                failures.append(f"student {k}: {e}")

        threads = [threading.Thread(target=student, args=(k,)) for k in range(STUDENTS)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        wait_round(teacher, 1, "finished")
        round1_done = time.monotonic()
        round1 = round1_done - t0
        phase[0] = "round 1 finished"
        time.sleep(1.0)
        status, r, _ = teacher.request("POST", "/api/class/next", {"rules": rules2})
        if status != 200:
            raise Failure(f"next round: {status} {r}")
        phase[0] = "round 2 open"
        deadline = time.monotonic() + TIMEOUT
        while True:
            with lock:
                ready = len(revisions) == STUDENTS and min(revisions.values()) >= 2
            if ready:
                break
            if time.monotonic() > deadline or failures:
                raise Failure(f"only {len(revisions)} students have two plans in: {failures[:3]}")
            time.sleep(0.2)
        # Every student has revised a plan; lock and run round 2 while they
        # go on sending revisions.
        for path in ["/api/class/lock", "/api/class/run"]:
            status, r, _ = teacher.request("POST", path, {})
            if status != 200:
                raise Failure(f"{path}: HTTP {status} {r}")
            phase[0] = "round 2 locked and running"
        t2 = time.monotonic()
        final = wait_round(teacher, 2, "finished")
        round2 = time.monotonic() - t2
        stop.set()
        for t in threads:
            t.join(timeout=60)
        if failures:
            raise Failure("; ".join(failures[:5]))

        # Every page saw round 2's race to its end.
        deadline = time.monotonic() + 30
        while len(streams) < STUDENTS and time.monotonic() < deadline:
            time.sleep(0.1)
        short = [k for k in range(STUDENTS) if not streams.get(k, (0, False))[1]]
        if short:
            raise Failure(f"{len(short)} students' live connections did not see round 2 end")
        frames = sorted(v[0] for v in streams.values())

        # Every answer: accepted, or refused with a message.
        silent = [a for a in answers if a[2] != 200 and not a[3]]
        if silent:
            raise Failure(f"{len(silent)} refusals without a message, e.g. {silent[:3]}")
        # None lost: the round raced each team's last accepted plan.
        raced = final["rounds"][-1]["arms"]
        if len(raced) != STUDENTS + 2:
            raise Failure(f"round 2 raced {len(raced)} arms, not {STUDENTS + 2}")
        by_name = {t["name"]: t for t in final["teams"]}
        for k in range(STUDENTS):
            team = by_name[f"Student {k} <b>&</b>"]
            if team["plan"] != accepted[k]:
                raise Failure(f"student {k}'s plan is {team['plan']}, its last accepted was {accepted[k]}")
        board = final["rounds"][-1]["board"]
        if len(board["rows"]) != STUDENTS + 2:
            raise Failure("the leaderboard misses arms")

        def figures(phase):
            rows = [a for a in answers if a[0] == phase]
            codes = {}
            for a in rows:
                codes[a[2]] = codes.get(a[2], 0) + 1
            ms = sorted(a[4] * 1000 for a in rows) or [0.0]
            p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))] if ms else 0
            return f"{len(rows)} requests, answers {dict(sorted(codes.items()))}, median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms"

        print(f"class load test: {STUDENTS} students from one address")
        during = sum(1 for t in joined_at.values() if t < round1_done)
        print(f"  joins: {figures('join')}; {during} of {STUDENTS} answered while round 1 was running")
        print(f"  submits while round 1 runs (refused: locked): {figures('round 1 running')}")
        print(f"  submits after round 1, before round 2 opens (refused): {figures('round 1 finished')}")
        print(f"  submits and revisions with round 2 open: {figures('round 2 open')}")
        print(f"  revisions while round 2 runs (refused: locked): {figures('round 2 locked and running')}")
        print(f"  round 1 (2 reference arms, 50 replicates, 730 days, 3000 people): finished {round1:.1f} s after the students started")
        print(f"  round 2 ({STUDENTS + 2} arms, 20 replicates, 90 days, 3000 people): {round2:.1f} s from Run to finished")
        print(f"  live connections: {STUDENTS} open through both rounds, each saw round 2's race to its end ({frames[0]} to {frames[-1]} days drawn)")
        print(f"  every answer accepted or refused with a message; {STUDENTS} last accepted plans raced; no plan lost")
    finally:
        server.close()


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
