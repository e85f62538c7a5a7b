"""Does one server hold a class with room to spare? The lab against Streamlit's floor, in the
same run.

Latency near saturation moves several-fold from one machine to another, so the serving goals
are ratios to Streamlit's own floor, measured the same way on the same machine just before or
after: the load tool's `floorapp/` (the lab's page names, each one slider and one chart, under
the lab's own .streamlit/config.toml, started by its `floor.sh`). For each repeat, each
scenario runs on the lab, then on the floor (a server each, pinned to CPU 0, the client on
CPU 1):

  readers  30 readers exploring, 5 actions each (seed 13): server CPU seconds per action
  burst    30 sessions opening the same new link at once, on Bell and on Compare (seed 4):
           the p95 of the first burst (the link computes) and of the second (it is cached),
           and the server CPU per session (steadier than a p95 on a machine others use)
  soak     300 new settings, 2 at a time (seed 5): the server's peak memory

Printed: one markdown table per repeat, then the ratios of every repeat against the goals
(CPU per action <= 3x, burst p95 <= 2.5x, memory <= 600 MB, no dead session, no exception).
Every run is bounded: the load tool's per-action timeout and --timeout per scenario run.

The load tool is not in this repository: --load-tool (default ../shared/tools/load next to
the repository). From the project's root, with the project's environment:

    .venv/bin/python benchmarks/bench_floor.py
    .venv/bin/python benchmarks/bench_floor.py --scenarios readers --repeats 3 --port 8870
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = {
    "readers": ["--readers", "30", "--actions", "5", "--seed", "13"],
    "burst": ["--sessions", "30", "--burst-pages", "bell,compare", "--seed", "4"],
    "soak": ["--actions", "300", "--concurrency", "2", "--seed", "5"],
}
BURST_PAGES = ("bell", "compare")
GOALS = {"cpu": 3.0, "p95": 2.5, "memory_mb": 600.0}


def run(tool: Path, app: str, scenario: str, out: Path, args) -> dict:
    """One loadtest.py run on the lab (app "lab") or the floor; its summary.json."""
    command = [sys.executable, str(tool / "loadtest.py"), scenario, *SCENARIOS[scenario],
               "--port", str(args.port), "--out", str(out)]
    if app == "floor":  # floor.sh copies floorapp/ and the lab's config, then runs the same
        command = ["bash", str(tool / "floor.sh"), *command[2:]]
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, timeout=args.timeout, check=True,
                   env={**os.environ, "PYTHON": sys.executable})
    return json.loads((out / "summary.json").read_text())


def measures(summary: dict, out: Path) -> dict:
    """What the goals look at, from one run's summary and server log."""
    phases = {name: p for name, p in summary["phases"].items() if "actions" in p}
    found = {"rss_peak_mb": max(p["rss_peak_mb"] for p in phases.values()),
             "dead": sum(p["dead_sessions"] for p in phases.values()),
             "exceptions": sum(p["exception_elements"] for p in phases.values()),
             "tracebacks": (out / "server.log").read_text(errors="replace").count("Traceback")}
    for name, p in phases.items():
        if name.startswith("readers"):
            found.update(cpu_per_action=p["cpu_s"] / p["actions"], p50=p["p50_s"],
                         p95=p["p95_s"])
        elif name.endswith(("burst_cold", "burst_warm")):
            found[name] = p["p95_s"]
            # The load tool's exact CPU reading around the burst: its 0.2 s samples read 0 for
            # a floor burst that ends within one sample.
            found[f"{name} cpu"] = p.get("cpu_s_exact", p["cpu_s"]) / p["actions"]
    return found


def ratio(lab: float, floor: float) -> float:
    """lab / floor; NaN where the floor reads 0 (a reading below the clock's tick)."""
    return lab / floor if floor > 0 else float("nan")


def compare(lab: dict, floor: dict, scenario: str) -> dict[str, float]:
    """The ratios of one scenario, lab to floor."""
    if scenario == "readers":
        return {"CPU per action": ratio(lab["cpu_per_action"], floor["cpu_per_action"])}
    if scenario == "burst":
        return {f"{page} {which} {what}": ratio(lab[f"{page}:burst_{which}{key}"],
                                                floor[f"{page}:burst_{which}{key}"])
                for page in BURST_PAGES for which in ("cold", "warm")
                for what, key in (("p95", ""), ("CPU per session", " cpu"))}
    return {}


def table(repeat: int, rows: list[tuple[str, dict, dict]]) -> str:
    """One repeat's figures, lab beside floor."""
    lines = [f"Repeat {repeat + 1}:", "",
             "| scenario | what | lab | floor | ratio |", "|---|---|---|---|---|"]
    for scenario, lab, floor in rows:
        if scenario == "readers":
            lines.append(f"| readers 30 | server CPU per action | "
                         f"{1000 * lab['cpu_per_action']:.1f} ms | "
                         f"{1000 * floor['cpu_per_action']:.1f} ms | "
                         f"{ratio(lab['cpu_per_action'], floor['cpu_per_action']):.2f}x |")
            lines.append(f"| readers 30 | p50 / p95 | {lab['p50']:.2f} / {lab['p95']:.2f} s | "
                         f"{floor['p50']:.2f} / {floor['p95']:.2f} s | |")
        for page in BURST_PAGES if scenario == "burst" else ():
            for which in ("cold", "warm"):
                name = f"{page}:burst_{which}"
                lines.append(f"| burst 30, {page} | p95, {which} | {lab[name]:.2f} s | "
                             f"{floor[name]:.2f} s | {ratio(lab[name], floor[name]):.2f}x |")
                cpu = f"{name} cpu"
                lines.append(f"| burst 30, {page} | server CPU per session, {which} | "
                             f"{1000 * lab[cpu]:.1f} ms | {1000 * floor[cpu]:.1f} ms | "
                             f"{ratio(lab[cpu], floor[cpu]):.2f}x |")
        lines.append(f"| {scenario} | memory peak; dead, exceptions, tracebacks | "
                     f"{lab['rss_peak_mb']:.0f} MB; {lab['dead']}, {lab['exceptions']}, "
                     f"{lab['tracebacks']} | {floor['rss_peak_mb']:.0f} MB; {floor['dead']}, "
                     f"{floor['exceptions']}, {floor['tracebacks']} | |")
    return "\n".join(lines)


def verdict(all_rows: list[list[tuple[str, dict, dict]]]) -> str:
    """Every repeat's ratios and the lab's memory, against the goals."""
    lines = ["", "Against the goals (one value per repeat):", ""]
    ratios: dict[str, list[float]] = {}
    memory, failures = [], []
    for rows in all_rows:
        for scenario, lab, floor in rows:
            for name, value in compare(lab, floor, scenario).items():
                ratios.setdefault(name, []).append(value)
            memory.append(lab["rss_peak_mb"])
            failures.append(lab["dead"] + lab["exceptions"] + lab["tracebacks"])
    for name, values in ratios.items():
        goal = {"CPU per action": GOALS["cpu"]}.get(name, GOALS["p95"])
        met = "met" if max(values) <= goal else "NOT met"
        reading = "" if name == "CPU per action" or "p95" in name else (
            "; no goal: the p95 of a burst on a shared core follows it")
        lines.append(f"- {name}: {', '.join(f'{v:.2f}x' for v in values)} "
                     + (f"(goal <= {goal}x: {met})" if not reading else f"({reading[2:]})"))
    lines.append(f"- lab memory peak: {max(memory):.0f} MB (goal <= {GOALS['memory_mb']:.0f} MB: "
                 f"{'met' if max(memory) <= GOALS['memory_mb'] else 'NOT met'})")
    lines.append(f"- dead sessions + exceptions + server tracebacks: {sum(failures)}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", default="readers,burst,soak",
                        help=f"comma-separated, of {', '.join(SCENARIOS)}")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--port", type=int, default=8790, help="the servers' port")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per run")
    parser.add_argument("--load-tool", type=Path, default=ROOT.parent / "shared/tools/load")
    parser.add_argument("--out", type=Path, default=None, help="results folder (default: new)")
    args = parser.parse_args()
    scenarios = [s for s in args.scenarios.split(",") if s]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario: {', '.join(sorted(unknown))}")
    tool = args.load_tool.resolve()
    if not (tool / "floor.sh").is_file():
        parser.error(f"the load tool is not in {tool}: pass its folder with --load-tool")
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-floor-"))
    all_rows = []
    for repeat in range(args.repeats):
        rows = []
        for scenario in scenarios:
            found = {}
            for app in ("lab", "floor"):
                folder = out / f"{repeat + 1}-{scenario}-{app}"
                found[app] = measures(run(tool, app, scenario, folder, args), folder)
            rows.append((scenario, found["lab"], found["floor"]))
        print("", table(repeat, rows), sep="\n", flush=True)
        all_rows.append(rows)
    print(verdict(all_rows))
    print(f"\nload average (1, 5, 15 min) at the end: "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}; results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
