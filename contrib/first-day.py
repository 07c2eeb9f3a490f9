#!/usr/bin/python3
"""Time to the first day on a fresh `outreach serve`: starts the server,
waits WAIT seconds (a teacher opening the page), posts the start scenario
(`/api/start`) to `/api/run` twice and prints, for each run, the seconds to
the first streamed day and to the end. docs/PERFORMANCE.md, "The live page".

Usage: contrib/first-day.py OUTREACH_BINARY WAIT_SECONDS
"""

import http.client
import subprocess
import sys
import time


def main(binary, wait):
    server = subprocess.Popen([binary, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        # "Live page: http://127.0.0.1:PORT/  (Ctrl-C stops the server)"
        url = server.stdout.readline().split()[2]
        port = int(url.rsplit(":", 1)[1].strip("/"))
        time.sleep(wait)
        headers = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json"}
        for name in ("first run", "second run"):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            c.request("GET", "/api/start", headers=headers)
            start = c.getresponse().read()
            started = time.monotonic()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            c.request("POST", "/api/run", body=start, headers=dict(headers, **{"X-Outreach-Client": "first-day"}))
            response = c.getresponse()
            first, seen = None, b""
            while True:
                chunk = response.read1(65536)
                if not chunk:
                    break
                seen = seen[-16:] + chunk
                if first is None and b"event: day" in seen:
                    first = time.monotonic() - started
            total = time.monotonic() - started
            print(f"{name}: first day {first * 1000:.0f} ms, last {total:.2f} s")
    finally:
        server.kill()
        server.wait(timeout=10)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], float(sys.argv[2]))
