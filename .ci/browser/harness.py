"""The browser harness of the end-to-end tests: the real `outreach` binary
serving on an ephemeral loopback port, driven through WebDriver in Debian's
headless Chromium (python3-selenium, chromium, chromium-driver). Every wait
has a timeout and fails with what it waited for. Shared by the live page's
test (serve_test.py) and, later, class mode's."""

import os
import select
import subprocess
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait


class Failure(Exception):
    """A check of the end-to-end test did not hold."""


class Server:
    """`outreach serve` on a free loopback port, stopped by `close`."""

    def __init__(self, binary, *args, port=0, timeout=30):
        self.process = subprocess.Popen(
            [binary, "serve", "--port", str(port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            self.close()
            raise Failure(f"the server printed no address within {timeout} s")
        line = self.process.stdout.readline()
        # "Live page: http://127.0.0.1:PORT/  (Ctrl-C stops the server)"
        if "http://" not in line:
            self.close()
            raise Failure(f"no address in the server's first line: {line!r}")
        self.url = line.split()[2]
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def close(self):
        self.process.kill()
        self.process.wait(timeout=10)


class Browser:
    """Headless Chromium at a given window size."""

    def __init__(self, width=1280, height=800):
        options = Options()
        options.binary_location = "/usr/bin/chromium"
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--window-size={width},{height}",
            # Any attempt to reach the network fails: the page must not need it.
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        ):
            options.add_argument(arg)
        self.driver = webdriver.Chrome(
            service=Service("/usr/bin/chromedriver"), options=options
        )
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(60)

    def resize(self, width, height):
        # The window's outer size; the page's viewport is what matters.
        self.driver.set_window_size(width, height)
        inner = self.driver.execute_script(
            "return [window.innerWidth, window.innerHeight]"
        )
        self.driver.set_window_size(
            width + (width - inner[0]), height + (height - inner[1])
        )

    def wait(self, condition, timeout, what):
        """Waits until `condition(driver)` is truthy; fails naming `what`."""
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(
                condition
            )
        except TimeoutException:
            raise Failure(f"waited {timeout} s for {what}") from None

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def js_async(self, script, *args):
        """Runs `script` with a callback as its last argument (`done`)."""
        return self.driver.execute_async_script(script, *args)

    def screenshot(self, path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        if not self.driver.save_screenshot(path):
            raise Failure(f"no screenshot at {path}")

    def close(self):
        self.driver.quit()


def elapsed(start):
    return time.monotonic() - start
