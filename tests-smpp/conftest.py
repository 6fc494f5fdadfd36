"""Kabinet's demo bound to an SMSC that is not ours (smpp34), both on loopback."""

import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

from smsc import SMSC

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("KABINET_BINARY", os.path.join(ROOT, ".build", "debug", "kabinet"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"kabinet exited: {open(log).read()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("kabinet did not start")


class Kabinet:
    """One kabinet process; `command` is demo or serve."""

    def __init__(self, directory, smsc_port, command="demo", database=None, extra=None):
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.database = database or f"sqlite:{directory}/kabinet-{self.port}.sqlite"
        self.log = f"{directory}/kabinet-{self.port}.log"
        self.environment = dict(os.environ)
        self.environment.update(
            {
                "KABINET_DATABASE": self.database,
                "KABINET_SMPP_URL": f"smpp://kabinet:secret@127.0.0.1:{smsc_port}",
                "KABINET_SMPP_RECONNECT_MAX_SECONDS": "2",
                "KABINET_LOG_LEVEL": "info",
                # Several servers run at once here: each takes any free port for its internal listener.
                "KABINET_INTERNAL_PORT": "0",
            }
        )
        self.environment.update(extra or {})
        self.command = command
        self.process = None

    def start(self):
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [BINARY, self.command, "--port", str(self.port)], env=self.environment, stdout=log,
                stderr=subprocess.STDOUT)
        wait_healthy(f"http://127.0.0.1:{self.port}", self.process, self.log)

    def cli(self, *arguments):
        return subprocess.run(
            [BINARY, *arguments], env=self.environment, capture_output=True, text=True, check=True, timeout=60
        ).stdout

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def workdir():
    with tempfile.TemporaryDirectory(prefix="kabinet-smpp-") as directory:
        yield directory


@pytest.fixture(scope="module")
def smsc():
    center = SMSC(free_port())
    center.start()
    yield center
    center.stop()


@pytest.fixture(scope="module")
def kabinet(workdir, smsc):
    server = Kabinet(workdir, smsc.port)
    server.start()
    smsc.wait_bound()
    yield server
    server.stop()
