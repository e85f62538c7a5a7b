"""Do the new pages hold a class as well as the old ones? Who gets left out? (/hiring) and A tiny
neural network (/neural) under classroom load, beside Bell and Digits in the same run.

The load tool's scenarios know only the older pages, so this drives its parts itself: its
`server.Server` starts the lab pinned to one core (--server-cpus, the client on
--client-cpus) and its `Sampler` reads the server's RSS and CPU every 0.2 s; each page is
warmed once with its defaults; then --readers readers each take 3-5 actions (`stclient.
reader_action`: a new session on a random valid link, until the script finishes) with a think
time of 0..--think s, over hiring, neural, bell and digits. Bell's and digits' links are the
tool's `urls.valid_query`; the new pages' come from their knobs below (the same profile: the
generations, sample size and human share, what the page is about, a new seed; the neural
page's sample sizes are those its slider offers for the network drawn).

Printed per page: p50 / p95 / max seconds, server CPU per action (each 0.2 s sample's CPU is
shared among the actions running then: an estimate under concurrency; the run's total is
printed too; each action with its share in OUT/actions.jsonl), exceptions, error and
warning notices, dead sessions; the server's peak memory;
each new page's p95 and CPU per action as ratios to bell's and digits'. Then a hostile pass,
one action at a time: each hostile value in each key of the new pages, over the WebSocket (a
notice, never an exception, is expected). Every loop is bounded (action counts, --timeout per
action).

From the project's root, with the project's environment:

    .venv/bin/python benchmarks/bench_new_pages.py --port 8871
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sys
import tempfile
import time
from pathlib import Path

from bench_classroom import load_tool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from collapse_core.families.neural.card import NEURAL  # noqa: E402
from ui.serving.limits import accepted_sizes  # noqa: E402

NEW, REFERENCE = ("hiring", "neural"), ("bell", "digits")

# The new pages' knobs (app_pages/hiring.py, app_pages/neural.py, ui/recursion_controls.py) as
# a link writes them: (what the reader changes at the top, the Advanced fold's own).
COMMON = {"g": range(1, 201), "n": (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000),
          "h": range(0, 101, 5)}
ADVANCED = {"hd": ("original", "fresh"), "sc": ("replace", "accumulate"),
            "t": [f"{0.5 + 0.05 * i:.2f}" for i in range(21)], "r": range(1, 51),
            "he": range(0, 101, 5), "hk": range(1, 201)}
KNOBS = {
    "hiring": ({"lab": ("argmax", "sample"), "ms": range(5, 51, 5)},
               {"sg": (0, 1), "rb": (0, 1), "lv": (0, 1), "hb": [i / 4 for i in range(13)]}),
    "neural": ({"c": ("names", "zh-words")},
               {"ctx": range(1, 7), "hu": (16, 32, 64, 128), "tk": ("all", "10", "5", "3")}),
}
HOSTILE = ("nan", "-nan", "NaN", "inf", "-inf", "1e309", "-1e309", "99999999999999999999999999",
           "9" * 5_000, "-" + "9" * 400, "ñandú 😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "١٢٣", "\u202e7\u200b", "😀" * 500)


def new_query(tool, page: str, rng: random.Random, profile: str) -> str:
    """A random valid link of a new page: the top knobs, with profile "all" every knob."""
    top, model = KNOBS[page]
    knobs = {**COMMON, **top, **({**ADVANCED, **model} if profile == "all" else {})}
    values = {k: str(rng.choice(v)) for k, v in knobs.items()}
    if page == "neural":  # the sample sizes its slider offers for this network
        network = {**NEURAL.defaults(), **{name: int(values[key]) for name, key in
                                          (("hidden", "hu"), ("context", "ctx")) if key in values}}
        values["n"] = str(rng.choice(accepted_sizes("neural", network, COMMON["n"])))
    return tool.urls.encode([*values.items(), ("seed", str(rng.randint(0, 999_999)))])


def hostile_links() -> list[tuple[str, str, str]]:
    """(page, key, value): each hostile value in each key a new page reads."""
    keys = {page: [*COMMON, *ADVANCED, "seed", "v", *top, *model]
            for page, (top, model) in KNOBS.items()}
    return [(page, key, value) for page in NEW for key in keys[page] for value in HOSTILE]


def cpu_by_action(samples, results) -> list[float]:
    """Each action's share of the server's CPU: each sample interval's CPU split evenly
    among the actions running in it."""
    shares = [0.0] * len(results)
    for (t0, _, c0, _), (t1, _, c1, _) in zip(samples, samples[1:], strict=False):
        running = [i for i, r in enumerate(results)
                   if r.started < t1 and r.started + r.seconds > t0]
        for i in running:
            shares[i] += (c1 - c0) / len(running)
    return shares


async def readers(tool, host: str, args) -> list:
    """--readers readers, 3-5 actions each over the new and reference pages."""
    results = []

    async def reader(rng: random.Random) -> None:
        for _ in range(rng.randint(3, 5)):
            page = rng.choice(NEW + REFERENCE)
            query = (new_query(tool, page, rng, args.profile) if page in NEW
                     else tool.urls.valid_query(page, rng, args.profile))
            results.append(await tool.stclient.reader_action(host, page, query,
                                                             timeout=args.timeout))
            await asyncio.sleep(rng.uniform(0, args.think))

    seeds = random.Random(args.seed)
    await asyncio.gather(*(reader(random.Random(seeds.random())) for _ in range(args.readers)))
    return results


def page_rows(tool, results, cpu: list[float]) -> dict[str, dict]:
    """Per page: the load tool's description of its actions, and CPU per action."""
    rows = {}
    for page in NEW + REFERENCE:
        mine = [i for i, r in enumerate(results) if r.page == page]
        d = tool.loadtest.describe([results[i] for i in mine])
        d["cpu_per_action_s"] = sum(cpu[i] for i in mine) / len(mine) if mine else float("nan")
        d["refused"] = sum(any("can't run with these settings" in e for e in r.errors)
                                   for r in (results[i] for i in mine))
        rows[page] = d
    return rows


def report(rows: dict[str, dict], phase: dict) -> str:
    """The per-page table and the new pages' ratios."""
    lines = ["| page | actions | p50 s | p95 s | max s | CPU/action ms | exceptions | errors "
             "(refused) | warnings | dead |", "|---|---|---|---|---|---|---|---|---|---|"]
    for page, d in rows.items():
        lines.append(f"| {page} | {d['actions']} | {d['p50_s']:.2f} | {d['p95_s']:.2f} | "
                     f"{d['max_s']:.2f} | {1000 * d['cpu_per_action_s']:.0f} | "
                     f"{d['exception_elements']} | {d['error_alerts']} ({d['refused']}) "
                     f"| {d['warning_alerts']} | {d['dead_sessions']} |")
    lines.append("")
    for page in NEW:
        new = rows[page]
        for ref in REFERENCE:
            old = rows[ref]
            lines.append(f"- {page} / {ref}: p95 {new['p95_s'] / old['p95_s']:.2f}x, CPU per "
                         f"action {new['cpu_per_action_s'] / old['cpu_per_action_s']:.2f}x")
    lines.append(f"- all: {phase['actions']} actions in {phase['wall_s']:.0f} s, server CPU "
                 f"{phase['cpu_s']:.1f} s ({1000 * phase['cpu_s'] / phase['actions']:.0f} ms an "
                 f"action), peak RSS {phase['rss_peak_mb']:.0f} MB")
    return "\n".join(lines)


async def hostile(tool, host: str, args) -> dict:
    """Every hostile link, one at a time: exceptions, errors and failed sessions, with links."""
    found = {"actions": 0, "warned": 0, "bad": []}
    for page, key, value in hostile_links():
        r = await tool.stclient.reader_action(host, page, tool.urls.encode([(key, value)]),
                                              timeout=args.timeout)
        found["actions"] += 1
        found["warned"] += bool(r.warnings)
        if r.exceptions or r.errors or r.status != "ok":
            found["bad"].append({"link": f"/{page}?{r.query[:120]}", "status": r.status,
                                 "exceptions": r.exceptions, "errors": r.errors})
    return found


def free_port(low: int = 8800, high: int = 8999) -> int:
    """A random port in low..high nobody listens on."""
    for port in random.sample(range(low, high + 1), high - low + 1):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"no free port in {low}-{high}")


async def main_async(tool, args) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    cpus = {int(c) for c in args.server_cpus.split(",")} if args.server_cpus else None
    server = tool.server.Server(str(ROOT), args.port, args.out / "server.log", cpus)
    print(f"server healthy in {server.start():.1f} s on port {args.port}", flush=True)
    sampler = tool.server.Sampler(server.pid).start()
    summary = {"args": {k: str(v) for k, v in vars(args).items()}}
    try:
        warm = [await tool.stclient.reader_action(server.host, p, "", timeout=args.timeout)
                for p in ("", *NEW, *REFERENCE)]
        summary["warmup_s"] = [round(r.seconds, 2) for r in warm]
        print(f"warm-up (home, {', '.join(NEW + REFERENCE)}): {summary['warmup_s']} s", flush=True)
        t0 = time.time()
        results = await readers(tool, server.host, args)
        phase = {"actions": len(results), "wall_s": time.time() - t0,
                 **sampler.window(t0, time.time())}
        cpu = cpu_by_action([s for s in sampler.samples if s[0] >= t0], results)
        rows = page_rows(tool, results, cpu)
        with open(args.out / "actions.jsonl", "w") as f:
            f.writelines(json.dumps({**r.row(), "cpu_s": c}) + "\n" for r, c in zip(
                results, cpu, strict=True))
        summary.update(pages=rows, readers=phase)
        print(report(rows, phase), flush=True)
        if args.hostile:
            summary["hostile"] = found = await hostile(tool, server.host, args)
            print(f"hostile: {found['actions']} links, {found['warned']} with a notice, "
                  f"{len(found['bad'])} with an exception, error or failed session", flush=True)
            for bad in found["bad"]:
                print(f"  {bad}", flush=True)
        summary["rss_hwm_mb"] = tool.server.proc_status(server.pid)["VmHWM"] / 1024
        summary["server_alive"] = server.proc.poll() is None
    finally:
        sampler.stop()
        server.stop()
    summary["tracebacks"] = (args.out / "server.log").read_text(errors="replace").count(
        "Traceback")
    print(f"server peak memory (VmHWM) {summary.get('rss_hwm_mb', float('nan')):.0f} MB; "
          f"server log: {summary['tracebacks']} tracebacks; load average "
          f"{' '.join(f'{v:.1f}' for v in os.getloadavg())}; results in {args.out}")
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1, default=str))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=30)
    parser.add_argument("--think", type=float, default=2.0, help="think time 0..THINK s")
    parser.add_argument("--profile", choices=("sliders", "all"), default="sliders",
                        help="which knobs a link sets (the load tool's urls.valid_query)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per action")
    parser.add_argument("--port", type=int, default=None, help="default: a free one, 8800-8999")
    parser.add_argument("--server-cpus", default="0", help="CPU ids of the server ('' = all)")
    parser.add_argument("--client-cpus", default="1", help="CPU ids of this client ('' = all)")
    parser.add_argument("--no-hostile", dest="hostile", action="store_false")
    parser.add_argument("--load-tool", type=Path, default=ROOT.parent / "shared/tools/load")
    parser.add_argument("--out", type=Path, default=None, help="results folder (default: new)")
    args = parser.parse_args()
    args.port = args.port or free_port()
    args.out = args.out or Path(tempfile.mkdtemp(prefix="bench-new-pages-"))
    tool = load_tool(args.load_tool.resolve())
    if args.client_cpus:
        os.sched_setaffinity(0, {int(c) for c in args.client_cpus.split(",")})
    return asyncio.run(main_async(tool, args))


if __name__ == "__main__":
    sys.exit(main())
