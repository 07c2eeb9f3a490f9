#!/usr/bin/python3
"""Bounded loopback load test of `outreach serve`: 30 clients at once, each
running the default scenario (with its own seed and name) to its last day,
twice. Checks that every run finishes with every day in order, that each
client sees only its own run (its name; and a sample of seeds equal to
`outreach run`), and that the server's memory after the second batch is no
larger than after the first (the cache serves it). Prints time to first day
(p50, p95) and the batch times.

Usage: load_test.py OUTREACH_BINARY OUTPUT_FOLDER
"""

import csv
import http.client
import json
import os
import subprocess
import sys
import threading
import time

from harness import Failure, Server

CLIENTS = 30
DAYS = 365


def scenario(k):
    return {"name": f"client-{k}", "seed": 100 + k, "days": DAYS, "replicates": 10,
            "population": {"size": 10000},
            "arms": {"blast": {"email-blast": {"cadence_days": 1}},
                     "networking": {"networking": {"conversations_per_day": 20}}}}


def run(port, k, out):
    """One client's run: (seconds to the first day, seconds in all, finals)."""
    body = json.dumps(scenario(k))
    started = time.monotonic()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    c.request("POST", "/api/run", body, {
        "Content-Type": "application/json", "X-Outreach-Client": f"load-{k}"})
    r = c.getresponse()
    if r.status != 200:
        raise Failure(f"client {k}: HTTP {r.status} {r.read()[:200]!r}")
    first = None
    days = []
    start = None
    finished = False
    name = None
    for raw in r:
        line = raw.decode().rstrip("\n")
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data = json.loads(line[5:])
            if name == "start":
                start = data
            elif name == "day":
                if first is None:
                    first = time.monotonic() - started
                days.append(data)
            elif name == "done":
                finished = True
    total = time.monotonic() - started
    if not finished or start is None:
        raise Failure(f"client {k}: the run did not finish")
    if start["name"] != f"client-{k}":
        raise Failure(f"client {k} was sent the run of {start['name']}")
    if [d["day"] for d in days] != list(range(1, DAYS + 1)):
        raise Failure(f"client {k}: days missing or out of order")
    out[k] = (first, total, start, days[-1])


def batch(port):
    out = {}
    errors = []

    def client(k):
        try:
            run(port, k, out)
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(e)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=900)
    if errors:
        raise Failure(f"{len(errors)} client(s) failed, first: {errors[0]}")
    if len(out) != CLIENTS:
        raise Failure(f"only {len(out)} of {CLIENTS} clients finished")
    return out, time.monotonic() - started


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise Failure("no VmRSS")


def percentile(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def main(binary, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    # 30 requests at once from one address fit the rate limit's burst (60).
    server = Server(binary)
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    try:
        before = rss_kb(server.process.pid)
        first, t1 = batch(port)
        after_first = rss_kb(server.process.pid)
        second, t2 = batch(port)
        after_second = rss_kb(server.process.pid)
    finally:
        server.close()
    # Each client saw its own numbers: a sample against `outreach run`.
    for k in (0, CLIENTS // 2, CLIENTS - 1):
        toml = os.path.join(out_dir, f"client-{k}.toml")
        lines = [f'name = "client-{k}"', f"seed = {100 + k}", f"days = {DAYS}", "replicates = 10",
                 "[population]", "size = 10000", "[arms.blast.email-blast]", "cadence_days = 1",
                 "[arms.networking.networking]", "conversations_per_day = 20"]
        with open(toml, "w") as f:
            f.write("\n".join(lines) + "\n")
        cli_out = os.path.join(out_dir, f"cli-{k}")
        subprocess.run([binary, "run", toml, "--quiet", "--out", cli_out], check=True, timeout=300)
        start, last = first[k][2], first[k][3]
        with open(os.path.join(cli_out, "summary.csv"), newline="") as f:
            finals = {(r["strategy"], r["metric"]): r["mean"] for r in csv.DictReader(f) if r["day"] == str(DAYS)}
        for a, arm in enumerate(start["arms"]):
            for c, chart in enumerate(start["charts"]):
                shown = last["arms"][a]["bands"][c][0]
                if float(finals[(arm, chart["metric"])]) != shown:
                    raise Failure(f"client {k} {arm} {chart['metric']}: streamed {shown}, outreach run {finals[(arm, chart['metric'])]}")
        if second[k][3] != last:
            raise Failure(f"client {k}: the second batch differs from the first")
    firsts = [v[0] for v in first.values()]
    report = {
        "clients": CLIENTS,
        "first batch (s)": round(t1, 1),
        "second batch, from the cache (s)": round(t2, 1),
        "time to first day, first batch p50 (s)": round(percentile(firsts, 50), 2),
        "time to first day, first batch p95 (s)": round(percentile(firsts, 95), 2),
        "time to first day, second batch p50 (s)": round(percentile([v[0] for v in second.values()], 50), 2),
        "server memory at start (MB)": round(before / 1024),
        "after the first batch (MB)": round(after_first / 1024),
        "after the second batch (MB)": round(after_second / 1024),
    }
    for k, v in report.items():
        print(f"{k}: {v}")
    if after_second > after_first * 1.05 + 10 * 1024:
        raise Failure(f"memory grew between two equal batches: {after_first} -> {after_second} kB")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    try:
        main(sys.argv[1], sys.argv[2])
    except Failure as e:
        print(f"load test failed: {e}", file=sys.stderr)
        sys.exit(1)
    print("load test: 1 passed, 0 failed")
