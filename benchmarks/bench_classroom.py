"""Does a second app process serve a second class? Classroom load through the deploy kit.

Each case starts a fresh set of app processes behind Caddy (deploy/run_processes.py, sticky
by cookie), warms every process (each page once, directly on its port), then drives readers
through the proxy:

  one      1 process on the first CPU of --cpus, N readers (--readers)
  two      2 processes, one on each of the first two CPUs of --cpus, N readers
  two-2n   2 processes, 2N readers

A reader does --actions actions with a think time of 0..--think s after each. An action opens
a new session through the proxy on a random valid link of an experiment page (the load tool's
`urls.valid_query`, slider profile) and waits until its script finishes (the load tool's
`stclient.reader_action`), so Caddy gives every action a process at random, as it gives a new
browser one. Reader i follows the same seeded links in every case. Every loop is bounded:
--actions, the per-action --timeout, and --max-wall per case.

Server memory: VmRSS of every app process, summed, sampled every 0.2 s (the load tool's
/proc readers); the table gives the peak of the sum and each process's peak. Printed: one
markdown table, the ratio of what two processes serve to what one serves, the load average.
Two processes serve twice the readers when `two-2n` keeps the latencies of `one`; with
--think 0 (readers never pause) the ratio of actions per minute is the ratio of capacities.
The client and Caddy need a core too: on a 2-core machine they share the app's cores, so a
fair `two` needs 3 or more (--cpus 1,2 --client-cpus 0).

--scenarios burst,readers,soak (also baseline, garbage) runs, after the cases (--cases '' for
none), the load tool's own scenarios: `loadtest.py` with the arguments of its README, each on
one server it starts itself, pinned to CPU 0; then its report.py table of their summary.json.

The load tool is not in this repository: --load-tool (default ../shared/tools/load next to
the repository). Run from anywhere, with the project's environment:

    python benchmarks/bench_classroom.py --readers 10 --actions 5
    python benchmarks/bench_classroom.py --cases '' --scenarios burst,readers,soak
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))

from run_processes import Cluster, cpu_list  # noqa: E402

CASES = {"one": (1, 1), "two": (2, 1), "two-2n": (2, 2)}  # name: (processes, readers x N)
# The load tool's README commands, by scenario (--app-dir, --port and --out added).
SCENARIO_ARGS = {
    "baseline": ["--actions", "30", "--seed", "1"],
    "readers": ["--readers", "30", "--actions", "10", "--seed", "3"],
    "burst": ["--sessions", "30", "--burst-pages", "bell,compare", "--seed", "4"],
    "soak": ["--actions", "300", "--concurrency", "2", "--seed", "5"],
    "garbage": ["--garbage", "20", "--readers", "10", "--actions", "5", "--seed", "6"],
}


def load_tool(folder: Path) -> SimpleNamespace:
    """The load tool's modules (stclient, urls, server, loadtest) from `folder`."""
    if not (folder / "loadtest.py").is_file():
        raise SystemExit(f"the load tool is not in {folder}: it lives outside this repository "
                         "(../shared/tools/load); pass its folder with --load-tool")
    sys.path.insert(0, str(folder))
    names = ("stclient", "urls", "server", "loadtest")
    return SimpleNamespace(folder=folder, **{n: importlib.import_module(n) for n in names})


class MemorySampler:
    """VmRSS of several processes and their CPU seconds, every `interval` s in a thread
    (at most `max_samples` samples), read from /proc by the load tool's server module."""

    def __init__(self, tool: SimpleNamespace, pids: list[int], interval: float = 0.2,
                 max_samples: int = 100_000):
        self.tool, self.pids, self.interval, self.max_samples = tool, pids, interval, max_samples
        self.samples: list[tuple[list[int], float]] = []  # (VmRSS kB per process, CPU s)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        server = self.tool.server
        while not self._stop.is_set() and len(self.samples) < self.max_samples:
            try:
                rss = [server.proc_status(pid)["VmRSS"] for pid in self.pids]
                cpu = sum(server.proc_cpu_seconds(pid) for pid in self.pids)
            except (FileNotFoundError, ProcessLookupError, KeyError):
                return
            self.samples.append((rss, cpu))
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)

    def summary(self) -> dict:
        """Peak of the summed VmRSS and each process's peak (MB), CPU seconds used."""
        if not self.samples:
            return {"rss_peak_mb": float("nan"), "rss_peak_each_mb": [], "cpu_s": float("nan")}
        return {"rss_peak_mb": max(sum(rss) for rss, _ in self.samples) / 1024,
                "rss_peak_each_mb": [max(column) / 1024 for column in
                                     zip(*(rss for rss, _ in self.samples), strict=True)],
                "cpu_s": self.samples[-1][1] - self.samples[0][1]}


async def warm(tool: SimpleNamespace, ports: list[int], timeout: float) -> None:
    """Every page once on every process (directly, not through the proxy), processes at once."""
    async def one_process(port: int) -> None:
        for page in tool.urls.ALL_PAGES:
            await tool.stclient.reader_action(f"127.0.0.1:{port}", page, "", timeout=timeout)

    await asyncio.gather(*(one_process(port) for port in ports))


async def reader(tool: SimpleNamespace, host: str, rng: random.Random, args, out: list) -> None:
    """One reader: --actions new sessions on random valid links, thinking between them."""
    for _ in range(args.actions):
        page = rng.choice(tool.urls.PAGES)
        query = tool.urls.valid_query(page, rng)
        out.append(await tool.stclient.reader_action(host, page, query, timeout=args.timeout))
        await asyncio.sleep(rng.uniform(0, args.think))


async def drive(tool: SimpleNamespace, host: str, readers: int, args) -> tuple[list, float, bool]:
    """`readers` readers at once through `host`: (results, wall seconds, cut by --max-wall)."""
    results: list = []
    start = time.perf_counter()
    tasks = (reader(tool, host, random.Random(f"{args.seed}:{i}"), args, results)
             for i in range(readers))
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), args.max_wall)
        cut = False
    except TimeoutError:
        cut = True
    return results, time.perf_counter() - start, cut


def run_case(tool: SimpleNamespace, name: str, args) -> dict:
    """One case on a fresh cluster: the load tool's summary of its actions, plus throughput,
    memory, the CPU of the app processes and of this client and Caddy (which share the
    machine with them), and the proxy's failed health checks."""
    processes, times_n = CASES[name]
    readers = args.readers * times_n
    log_dir = args.out / f"logs-{name}"
    cpus = args.cpus[:processes] if args.cpus else None
    cpu_seconds = tool.server.proc_cpu_seconds
    with Cluster(processes, args.port, cpus, log_dir=log_dir) as cluster:
        asyncio.run(warm(tool, cluster.app_ports, args.timeout))
        client0, proxy0 = time.process_time(), cpu_seconds(cluster.caddy.pid)
        with MemorySampler(tool, cluster.app_pids) as sampler:
            results, wall, cut = asyncio.run(drive(tool, cluster.host, readers, args))
        client_proxy_cpu_s = (time.process_time() - client0
                              + cpu_seconds(cluster.caddy.pid) - proxy0)
    caddy_log = (log_dir / "caddy.log").read_text(errors="replace")
    summary = tool.loadtest.describe(results)
    summary.update(sampler.summary(), case=name, processes=processes, readers=readers,
                   wall_s=wall, cut_by_max_wall=cut, client_proxy_cpu_s=client_proxy_cpu_s,
                   actions_per_min=60 * summary["ok"] / wall if wall else float("nan"),
                   failed_health_checks=caddy_log.count("health_checker.active"))
    return summary


def table(rows: list[dict]) -> str:
    """The cases as one markdown table."""
    lines = ["| case | processes | readers | ok / actions | p50 s | p95 s | max s | dead | "
             "exceptions | wall s | actions/min | app CPU s per action | client + proxy CPU s | "
             "memory peak MB (sum) | per process MB | failed health checks |", "|" + "---|" * 16]
    for r in rows:
        each = " + ".join(f"{mb:.0f}" for mb in r["rss_peak_each_mb"])
        lines.append(
            f"| {r['case']} | {r['processes']} | {r['readers']} | {r['ok']} / {r['actions']} | "
            f"{r['p50_s']:.2f} | {r['p95_s']:.2f} | {r['max_s']:.1f} | {r['dead_sessions']} | "
            f"{r['exception_elements']} | {r['wall_s']:.0f}"
            f"{' (cut)' if r['cut_by_max_wall'] else ''} | {r['actions_per_min']:.1f} | "
            f"{r['cpu_s'] / max(1, r['actions']):.2f} | {r['client_proxy_cpu_s']:.1f} | "
            f"{r['rss_peak_mb']:.0f} | {each} | "
            f"{r['failed_health_checks']} |")
    return "\n".join(lines)


def ratios(rows: dict[str, dict], think: float) -> list[str]:
    """What two processes serve next to one, in sentences (for the cases that ran)."""
    out = []
    one, two, double = rows.get("one"), rows.get("two"), rows.get("two-2n")
    if one and double:
        pace = ("readers never think, so this is the ratio of capacities" if think == 0 else
                "readers think, so this follows their pace, and the latencies say whether it "
                "was kept; --think 0 measures capacity")
        out.append(f"Two processes with {double['readers']} readers served "
                   f"{double['actions_per_min'] / one['actions_per_min']:.2f}x the actions per "
                   f"minute of one process with {one['readers']} (2.00 = twice; {pace}): p50 "
                   f"{one['p50_s']:.2f} -> {double['p50_s']:.2f} s, p95 {one['p95_s']:.2f} -> "
                   f"{double['p95_s']:.2f} s; memory "
                   f"{double['rss_peak_mb'] / one['rss_peak_mb']:.2f}x.")
    if one and two:
        out.append(f"The same {one['readers']} readers on two processes instead of one: p50 "
                   f"{one['p50_s']:.2f} -> {two['p50_s']:.2f} s, p95 {one['p95_s']:.2f} -> "
                   f"{two['p95_s']:.2f} s.")
    return out


def run_scenarios(tool: SimpleNamespace, names: list[str], args) -> str:
    """The load tool's scenarios, each by its own loadtest.py run (bounded by
    --scenario-timeout: SIGINT, so it stops its server, then SIGKILL); report.py's table."""
    folders = []
    for name in names:
        folder = args.out / f"scenario-{name}"
        command = [sys.executable, str(tool.folder / "loadtest.py"), name,
                   *SCENARIO_ARGS[name], "--app-dir", str(ROOT),
                   "--port", str(args.scenario_port), "--out", str(folder)]
        print("$", " ".join(command), flush=True)
        process = subprocess.Popen(command, cwd=ROOT)
        try:
            process.wait(args.scenario_timeout)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        if (folder / "summary.json").is_file():
            folders.append(str(folder))
    if not folders:
        return "no scenario finished"
    report = [sys.executable, str(tool.folder / "report.py"), *folders]
    return subprocess.run(report, capture_output=True, text=True, timeout=60, check=True).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default="one,two,two-2n",
                        help=f"comma-separated, of {', '.join(CASES)} ('' for none)")
    parser.add_argument("--readers", type=int, default=10, help="N")
    parser.add_argument("--actions", type=int, default=5, help="per reader")
    parser.add_argument("--think", type=float, default=2.0, help="think time 0..THINK s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=120.0, help="per action, seconds")
    parser.add_argument("--max-wall", type=float, default=900.0, help="per case, seconds")
    parser.add_argument("--cpus", type=cpu_list, default=[0, 1],
                        help="CPUs of the app processes (process i on the i-th)")
    parser.add_argument("--client-cpus", type=cpu_list, default=None,
                        help="CPUs of this client (default: any)")
    parser.add_argument("--port", type=int, default=8900,
                        help="the proxy's port; the processes use the next ones")
    parser.add_argument("--scenarios", default="",
                        help=f"load tool scenarios to run, of {', '.join(SCENARIO_ARGS)}")
    parser.add_argument("--scenario-port", type=int, default=8990)
    parser.add_argument("--scenario-timeout", type=float, default=7200.0, help="seconds each")
    parser.add_argument("--load-tool", type=Path, default=ROOT.parent / "shared/tools/load")
    parser.add_argument("--out", type=Path, default=None, help="results folder (default: new)")
    args = parser.parse_args()
    cases = [c for c in args.cases.split(",") if c]
    scenarios = [s for s in args.scenarios.split(",") if s]
    unknown = set(cases) - set(CASES) | set(scenarios) - set(SCENARIO_ARGS)
    if unknown:
        parser.error(f"unknown case or scenario: {', '.join(sorted(unknown))}")
    args.out = args.out or Path(tempfile.mkdtemp(prefix="bench-classroom-"))
    args.out.mkdir(parents=True, exist_ok=True)
    if args.client_cpus:
        os.sched_setaffinity(0, set(args.client_cpus))
    tool = load_tool(args.load_tool.resolve())

    load_before = os.getloadavg()
    rows = {name: run_case(tool, name, args) for name in cases}
    if rows:
        (args.out / "cases.json").write_text(json.dumps(rows, indent=1, default=str))
        print(f"\n{args.readers} readers (N) x {args.actions} actions, think 0..{args.think} s, "
              f"seed {args.seed}, app CPUs {args.cpus}, {os.cpu_count()} CPUs in all\n")
        print(table(list(rows.values())))
        print("", *ratios(rows, args.think), sep="\n")
    if scenarios:
        print("", run_scenarios(tool, scenarios, args), sep="\n")
    load_after = os.getloadavg()
    print(f"\nload average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} "
          f"{load_before[2]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f} "
          f"{load_after[2]:.2f}; results in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
