"""Run the lab as several Streamlit processes behind one Caddy address; stop them all together.

    python deploy/run_processes.py --processes 2 --port 8900 --cpus 0,1

starts `streamlit run app.py` (headless, listening on 127.0.0.1 only) on ports PORT+1 ..
PORT+N, process i pinned to CPU i of --cpus (the same system call as `taskset`; default: not
pinned), waits until each answers on /_stcore/health, then starts Caddy with deploy/Caddyfile
on --address (default :PORT) in front of them, with sticky sessions by cookie. Readers open
http://HOST:PORT/. Ctrl-C or SIGTERM stops Caddy, then every app process, each by the PID
this script started (SIGTERM, then SIGKILL after 15 s). If any of them exits on its own, the
rest are stopped and the script exits with status 1, so a service manager (systemd's
Restart=on-failure) can start the whole set again.

Each process has its own caches and memory: nothing is shared between them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CADDYFILE = Path(__file__).resolve().parent / "Caddyfile"
STOP_GRACE_S = 15.0


def healthy(url: str) -> bool:
    """Whether Streamlit's health endpoint at `url` answers ok."""
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200 and reply.read().strip() == b"ok"
    except OSError:
        return False


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM the process group this script started for `process`; SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


class Cluster:
    """N app processes on consecutive ports after `port`, and Caddy on `port` in front.

    `cpus`: CPU ids; process i is pinned to cpus[i % len(cpus)] (None: not pinned).
    `address`: Caddy's site address (default ":PORT"; a host name gets HTTPS, see Caddyfile).
    Logs go to `log_dir` (app-PORT.log per process, caddy.log).
    """

    def __init__(self, processes: int = 2, port: int = 8900, cpus: list[int] | None = None,
                 address: str | None = None, log_dir: Path | None = None):
        if processes < 1:
            raise ValueError("at least one process")
        self.port, self.cpus = port, cpus
        self.address = address or f":{port}"
        self.app_ports = [port + 1 + i for i in range(processes)]
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="ai-entropy-lab-"))
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.apps: list[subprocess.Popen] = []
        self.caddy: subprocess.Popen | None = None

    @property
    def host(self) -> str:
        """The proxy as host:port on this machine."""
        return f"127.0.0.1:{self.port}"

    @property
    def app_pids(self) -> list[int]:
        """The PIDs of the app processes (Python itself: `python -m streamlit`)."""
        return [app.pid for app in self.apps]

    def _launch(self, command: list[str], log_name: str, env: dict | None = None,
                cpu: int | None = None) -> subprocess.Popen:
        with open(self.log_dir / log_name, "ab") as log:  # the child keeps its own handle
            return subprocess.Popen(
                command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
                start_new_session=True,
                preexec_fn=None if cpu is None else lambda: os.sched_setaffinity(0, {cpu}))

    def _start_app(self, index: int) -> subprocess.Popen:
        port = self.app_ports[index]
        cpu = None if not self.cpus else self.cpus[index % len(self.cpus)]
        # The project's .streamlit/config.toml (read from ROOT) sets the rest: no file
        # watcher, no usage statistics, upload limit.
        command = [sys.executable, "-m", "streamlit", "run", "app.py",
                   "--server.headless", "true", "--server.port", str(port),
                   "--server.address", "127.0.0.1"]
        return self._launch(command, f"app-{port}.log", cpu=cpu)

    def _start_caddy(self) -> subprocess.Popen:
        caddy = shutil.which("caddy")
        if caddy is None:
            raise RuntimeError("caddy not found: install it with `apt-get install caddy`")
        env = dict(os.environ, LAB_ADDRESS=self.address,
                   LAB_UPSTREAMS=" ".join(f"127.0.0.1:{p}" for p in self.app_ports))
        return self._launch([caddy, "run", "--adapter", "caddyfile", "--config", str(CADDYFILE)],
                            "caddy.log", env=env)

    def _wait(self, what: str, ready, deadline: float) -> None:
        """Poll `ready()` until it is true or `deadline` (monotonic) passes; fail early if a
        process this cluster started has exited."""
        while not ready():
            if gone := self.exited():
                raise RuntimeError(f"{gone} exited while waiting for {what}; logs in "
                                   f"{self.log_dir}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what}; logs in {self.log_dir}")
            time.sleep(0.2)

    def start(self, timeout: float = 120.0) -> Cluster:
        """Start the app processes, wait until each is healthy, then start Caddy and (for the
        default address) wait until the app answers through it. Stops everything on failure."""
        deadline = time.monotonic() + timeout
        try:
            self.apps = [self._start_app(i) for i in range(len(self.app_ports))]
            for port in self.app_ports:
                self._wait(f"the app on port {port}",
                           lambda p=port: healthy(f"http://127.0.0.1:{p}/_stcore/health"),
                           deadline)
            self.caddy = self._start_caddy()
            if self.address == f":{self.port}":
                self._wait("the proxy", lambda: healthy(f"http://{self.host}/_stcore/health"),
                           deadline)
        except BaseException:
            self.stop()
            raise
        return self

    def exited(self) -> str | None:
        """Which started process has exited (e.g. 'app on port 8902'), or None."""
        for port, app in zip(self.app_ports, self.apps, strict=False):
            if app.poll() is not None:
                return f"app on port {port}"
        if self.caddy is not None and self.caddy.poll() is not None:
            return "caddy"
        return None

    def stop(self) -> None:
        """Stop Caddy first (no new requests), then every app process."""
        for process in ([self.caddy] if self.caddy else []) + self.apps:
            stop_process(process)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def cpu_list(text: str) -> list[int] | None:
    """'0,1' -> [0, 1]; '' -> None (not pinned)."""
    return [int(c) for c in text.split(",")] if text else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", "-n", type=int, default=2)
    parser.add_argument("--port", type=int, default=8900,
                        help="the proxy's port; the app processes use the next N ports")
    parser.add_argument("--cpus", type=cpu_list, default=None,
                        help="e.g. 0,1: process i runs on CPU i of this list (default: any)")
    parser.add_argument("--address", default=None,
                        help="Caddy's site address (default :PORT; a host name gets HTTPS)")
    parser.add_argument("--log-dir", type=Path, default=None)
    args = parser.parse_args()

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    cluster = Cluster(args.processes, args.port, args.cpus, args.address, args.log_dir)
    with cluster:
        print(f"{args.processes} app processes on ports {cluster.app_ports}, PIDs "
              f"{cluster.app_pids}; Caddy on {cluster.address}; logs in {cluster.log_dir}",
              flush=True)
        while not stop.wait(1.0):
            if gone := cluster.exited():
                print(f"{gone} exited; stopping the others", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
