"""Odoo under the restart policy production gives it (the README's systemd
unit: ``Restart=always``, ``RestartSec=2``), for the load and fault tests.

Odoo 19's multi-process server stops for good when an exception reaches its
main loop: when PostgreSQL is unreachable while it starts new workers
(``PreforkServer.process_spawn`` checks the registries with a cursor first),
it logs "Stopping forcefully" and exits. A supervisor starts it again. This
one is a thread of the test's own process: it starts the server in a session
of its own, and when it exits (unless asked to stop) ends what is left of its
processes (the websocket worker outlives the main process), waits the delay
and starts it again, keeping each exit and restart for the report.
"""

import os
import signal
import subprocess
import threading
import time
import urllib.request

#: Seconds between the server's exit and its restart (systemd's RestartSec).
RESTART_DELAY = 2.0


def _end_group(pgid, timeout=10):
    """SIGTERM the process group ``pgid``, SIGKILL what is left after
    ``timeout`` seconds."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


class Supervisor:
    """Runs ``command`` and starts it again whenever it exits, after
    ``delay`` seconds, until :meth:`stop`. ``exits`` holds, per exit, the
    time (``time.monotonic()``), the exit status and the time of the restart
    that followed (None until it happened)."""

    def __init__(self, command, output, delay=RESTART_DELAY):
        self.command = command
        self.output = output  # what the processes write outside the log
        self.delay = delay
        self.exits = []
        self.process = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    @property
    def pid(self):
        return self.process.pid

    def start(self):
        self._thread.start()
        while self.process is None and self._thread.is_alive():
            time.sleep(0.05)
        return self

    def _loop(self):
        with open(self.output, "a") as output:
            while True:
                with self._lock:
                    if self._stopping.is_set():
                        return
                    self.process = subprocess.Popen(
                        self.command,
                        start_new_session=True,
                        stdout=output,
                        stderr=output,
                    )
                    if self.exits:
                        self.exits[-1]["restarted"] = time.monotonic()
                status = self.process.wait()
                _end_group(self.process.pid)
                if self._stopping.is_set():
                    return
                self.exits.append(
                    {"at": time.monotonic(), "status": status, "restarted": None}
                )
                output.write(
                    f"[supervisor] the server exited (status {status}); "
                    f"starting it again in {self.delay:g} s\n"
                )
                output.flush()
                self._stopping.wait(self.delay)

    def stop(self):
        """Stop the server (SIGTERM, then SIGKILL after 60 s) and the loop."""
        with self._lock:
            self._stopping.set()
            process = self.process
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            except ProcessLookupError:
                pass
            _end_group(process.pid, timeout=5)
        self._thread.join(timeout=30)


def wait_healthy(port, timeout=120):
    """Wait until Odoo answers ``/web/health`` on ``port``; True if it did
    within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/web/health", timeout=2
            ) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def stop_on_sigterm():
    """SIGTERM stops the test as Ctrl-C does: its ``finally`` blocks stop the
    server and whatever else it started."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
