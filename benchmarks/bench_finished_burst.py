"""A class whose teacher opened the link first: 30 readers at once on a link that is finished,
the lab against Streamlit's floor in the same run.

The load tool's burst scenario opens a new link, and its sessions close as soon as their
script ends; the lab then drops the link's background work (nobody waits for it), so its second
burst still finds the link unfinished. In a classroom the teacher's tab stays open on the link
while it finishes, and the class opens a finished one. This measures that case. For Bell and
Compare, with the burst scenario's link shapes (`loadtest.BURST_SHAPES`, a new seed):
one session is kept on the lab's link until a fresh view of it shows no waiting notice (at
most --hold s); then --repeats bursts of --sessions sessions that connect first and ask for
the page at the same moment (as the tool's `burst_once`). The floor (the tool's floorapp/,
under the lab's .streamlit/config.toml) gets the same bursts. Each server is pinned to CPU 0,
the client to CPU 1.

Printed per page and repeat: p95 seconds and server CPU ms per session, lab and floor, and
their ratios (goal for the p95: at most 2.5x the floor's).

From the project's root, with the project's environment:

    .venv/bin/python benchmarks/bench_finished_burst.py --port 8872
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_classroom import load_tool
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ui.serving.first_answer import WAIT_ICON  # noqa: E402

PAGES = ("bell", "compare")
GOAL = 2.5


async def still_computing(tool, host: str, page: str, query: str, timeout: float) -> bool:
    """Whether a fresh view of the link shows the lab's waiting notice (it is unfinished)."""
    async with connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                       max_size=None, open_timeout=timeout) as ws:
        await ws.send(tool.stclient.rerun_message(page, query, host))
        waiting, deadline = False, time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(ws.recv(), timeout))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.new_element.WhichOneof("type") == "alert":
                waiting |= message.delta.new_element.alert.icon == WAIT_ICON
            if kind == "script_finished":
                return waiting
    raise TimeoutError(f"/{page}?{query} did not finish a run in {timeout} s")


async def hold_until_finished(tool, host: str, page: str, query: str, hold: float) -> float:
    """Keep a reader on the link until a fresh view shows it finished; the seconds it took."""
    t0 = time.monotonic()
    async with connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                       max_size=None) as reader:
        await reader.send(tool.stclient.rerun_message(page, query, host))

        async def drain() -> None:  # the reader's page redraws itself as the link fills in
            while True:
                await reader.recv()

        draining = asyncio.ensure_future(drain())
        try:
            while await still_computing(tool, host, page, query, timeout=60):
                if time.monotonic() - t0 > hold:
                    raise TimeoutError(f"/{page}?{query} unfinished after {hold} s")
                await asyncio.sleep(2)
        finally:
            draining.cancel()
    return time.monotonic() - t0


async def burst(tool, server, page: str, query: str, sessions: int) -> tuple[float, float]:
    """`sessions` sessions connect, then ask for the page at one moment: (p95 s, server CPU s
    per session, counted until 1 s after the last one finished)."""
    gate, ready = asyncio.Event(), [0]

    def connected() -> None:
        ready[0] += 1
        if ready[0] == sessions:
            gate.set()

    cpu0 = tool.server.proc_cpu_seconds(server.pid)
    results = await asyncio.gather(*(tool.stclient.reader_action(
        server.host, page, query, timeout=120, start_gate=gate, on_connected=connected)
        for _ in range(sessions)))
    await asyncio.sleep(1.0)
    cpu = tool.server.proc_cpu_seconds(server.pid) - cpu0
    if bad := [r.status for r in results if r.status != "ok" or r.exceptions]:
        raise RuntimeError(f"/{page}?{query}: sessions not ok: {bad}")
    seconds = sorted(r.seconds for r in results)
    return seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))], cpu / sessions


async def measure(tool, server, queries: dict[str, str], args, finish_first: bool) -> dict:
    """Per page: how long the link took to finish (`finish_first`: the lab's) and each
    burst's (p95, CPU per session)."""
    out = {}
    for page, query in queries.items():
        await tool.stclient.reader_action(server.host, page, query, timeout=120)
        held = (await hold_until_finished(tool, server.host, page, query, args.hold)
                if finish_first else 0.0)
        runs = []
        for _ in range(args.repeats):
            runs.append(await burst(tool, server, page, query, args.sessions))
            await asyncio.sleep(1.0)
        out[page] = {"held_s": held, "bursts": runs}
    return out


def serve(tool, app_dir: str, args, log: Path):
    server = tool.server.Server(app_dir, args.port, log, cpus={0})
    server.start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load-tool", type=Path, default=ROOT.parent / "shared/tools/load")
    parser.add_argument("--port", type=int, default=8872)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--hold", type=float, default=240.0, help="longest wait for a link "
                        "to finish (s)")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    tool = load_tool(args.load_tool.resolve())
    os.sched_setaffinity(0, {1})
    rng = random.Random(args.seed)
    queries = {page: tool.urls.encode([*tool.loadtest.BURST_SHAPES[page],
                                       ("seed", str(rng.randrange(100_000, 999_999)))])
               for page in PAGES}
    with tempfile.TemporaryDirectory() as tmp:
        floor = Path(tmp) / "floor"
        shutil.copytree(tool.folder / "floorapp", floor)
        (floor / ".streamlit").mkdir(exist_ok=True)
        shutil.copy(ROOT / ".streamlit" / "config.toml", floor / ".streamlit")
        measured = {}
        for name, app_dir in (("lab", str(ROOT)), ("floor", str(floor))):
            server = serve(tool, app_dir, args, Path(tmp) / f"{name}.log")
            try:
                measured[name] = asyncio.run(measure(tool, server, queries, args,
                                                     finish_first=name == "lab"))
            finally:
                server.stop()
    print("| page | repeat | lab p95 s | floor p95 s | ratio | lab CPU ms/session | "
          "floor CPU ms/session | ratio |\n|---|---|---|---|---|---|---|---|")
    for page in PAGES:
        lab, floor_ = measured["lab"][page]["bursts"], measured["floor"][page]["bursts"]
        for i, ((p_lab, c_lab), (p_floor, c_floor)) in enumerate(zip(lab, floor_,
                                                                       strict=True)):
            print(f"| {page} | {i + 1} | {p_lab:.2f} | {p_floor:.2f} | {p_lab / p_floor:.2f}x "
                  f"| {1e3 * c_lab:.1f} | {1e3 * c_floor:.1f} | {c_lab / c_floor:.2f}x |")
    for page in PAGES:
        ratios = [a[0] / b[0] for a, b in zip(measured["lab"][page]["bursts"],
                                              measured["floor"][page]["bursts"], strict=True)]
        verdict = "met in every repeat" if max(ratios) <= GOAL else "not met"
        print(f"- {page}: the link finished after {measured['lab'][page]['held_s']:.0f} s; "
              f"p95 ratios {', '.join(f'{r:.2f}x' for r in ratios)} (goal <= {GOAL}x): "
              f"{verdict}")

if __name__ == "__main__":
    main()
