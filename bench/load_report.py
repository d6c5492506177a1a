"""The load bench's figures: timings and CPU over visitors, and the report as ``python -m bench.load`` prints it."""

from __future__ import annotations


def percentile(values: list[float], q: float) -> float | None:
    """The q-quantile (0..1) by linear interpolation; None for no values."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    position = q * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def timings_of(reports: list, pages: tuple[str, ...], actions: tuple[str, ...]) -> dict:
    """Per page and action with runs: how many, and p50/p95 seconds until the last chart and until done."""
    timings = {}
    for page in pages:
        for action in actions:
            runs = [r for report in reports for r in report.runs if r.page == page and r.action == action]
            if runs:
                timings[f"{page} {action}"] = {
                    "runs": len(runs),
                    "chart_p50_s": percentile([r.chart_s for r in runs], 0.5),
                    "chart_p95_s": percentile([r.chart_s for r in runs], 0.95),
                    "done_p50_s": percentile([r.done_s for r in runs], 0.5),
                    "done_p95_s": percentile([r.done_s for r in runs], 0.95),
                }
    return timings


def cpu_per_visit(waves: dict, visitors: int, bare: str) -> dict:
    """Each wave's server CPU per visit, and, when the bare page ran, its ratio to the bare page's."""
    cpu = {name: {**w, "per_visit_s": w["cpu_s"] / visitors} for name, w in waves.items()}
    if bare in cpu:
        for name in cpu:
            cpu[name]["ratio_to_bare"] = cpu[name]["per_visit_s"] / cpu[bare]["per_visit_s"]
    return cpu


def memory_of(rss_before: int, rss_idle: int, peak: int, connected: int, visitors: int) -> dict:
    """The server's memory (KiB in, MiB out): before the visitors, idle after them, at its peak, per idle session."""
    return {
        "before_mib": rss_before / 1024,
        "idle_mib": rss_idle / 1024,
        "peak_mib": peak / 1024,
        "connected_when_idle": connected,
        "per_idle_session_mib": (rss_idle - rss_before) / 1024 / visitors,
    }


# Issue #20's targets: server CPU per visit as a ratio to the bare page on Streamlit's own settings, on one shared
# link and with a seed of each visitor's own; and, with own seeds, the time until the charts and peak memory.
SHARED_LINK_RATIO = {"lecture": 0.35, "lab": 0.5, "compare": 0.7}
OWN_SEEDS_RATIO = {"lab": 0.7, "compare": 1.6}
CHARTS_P95_S = 10.0
PEAK_MIB = 493.0


def targets(report: dict) -> list[tuple[str, str, bool]]:
    """(what, measured, met) for each target this run can speak to: the ratios on one link (``seeds`` 1) or with
    own seeds (a seed per visitor), p95 until the charts per view and peak memory (own seeds)."""
    cpu, shared = report["cpu"], report["seeds"] == 1
    own = report["seeds"] >= report["visitors"]
    rows = []
    if "bare page" in cpu and (shared or own):
        for view, limit in (SHARED_LINK_RATIO if shared else OWN_SEEDS_RATIO).items():
            ratio = cpu[view]["ratio_to_bare"]
            rows.append((f"{view} CPU per visit <= {limit:g}x the bare page", f"{ratio:.2f}x", ratio <= limit))
    if own:
        for view in ("lecture", "lab", "compare"):
            runs = [t for name, t in report["timings"].items() if name.startswith(view + " ")]
            worst = max((t["chart_p95_s"] or 0.0) for t in runs) if runs else float("nan")
            rows.append((f"{view} charts p95 <= {CHARTS_P95_S:g} s", f"{worst:.2f} s", worst <= CHARTS_P95_S))
        peak = report["memory"]["peak_mib"]
        rows.append((f"peak memory <= {PEAK_MIB:g} MiB", f"{peak:.0f} MiB", peak <= PEAK_MIB))
    return rows


def _s(seconds: float | None) -> str:
    return "      -" if seconds is None else f"{seconds:7.2f}"


def print_report(report: dict) -> None:
    n = report["visitors"]
    app = report.get("app", {})
    print(f"App: {app.get('dir', '')} at {app.get('commit', '?')} {' '.join(app.get('options', []))}".rstrip())
    print(
        f"{n} visitors, arrivals spread over {report['stagger_s']:g} s per wave, {report['seeds']} distinct seeds, "
        f"{report['cpu_cores']} cores"
    )
    print("\nSeconds from sending the rerun     last chart p50     p95   finished p50     p95")
    for name, t in report["timings"].items():
        print(
            f"  {name:30s}        {_s(t['chart_p50_s'])} {_s(t['chart_p95_s'])}        "
            f"{_s(t['done_p50_s'])} {_s(t['done_p95_s'])}"
        )
    print("\nServer CPU per visit (open + one rerun)")
    for name, c in report["cpu"].items():
        ratio = f"{c['ratio_to_bare']:6.2f}x the bare page" if "ratio_to_bare" in c else ""
        wave = f"wave: {c['cpu_s']:6.1f} CPU s in {c['wall_s']:4.0f} s = {c['cpu_s'] / c['wall_s']:4.2f} cores busy"
        print(f"  {name:10s} {c['per_visit_s'] * 1e3:6.0f} ms {ratio:21s}   ({wave})")
    print(
        f"  per visitor (all three views): {report['server_cpu_per_visitor_s']:.2f} CPU s; "
        f"the load generator itself used {report['load_generator_cpu_s']:.1f} CPU s"
    )
    m = report["memory"]
    print(
        f"\nServer memory: {m['before_mib']:.0f} MiB before the visitors, peak {m['peak_mib']:.0f} MiB, "
        f"{m['idle_mib']:.0f} MiB with {m['connected_when_idle']} idle sessions connected "
        f"= {m['per_idle_session_mib']:.2f} MiB per idle session (an upper bound: it includes the caches the visits "
        "filled)"
    )
    rows = targets(report)
    if rows:
        kind = "one shared link" if report["seeds"] == 1 else "a seed of each visitor's own"
        print(f"\nTargets ({kind}; issue #20)")
        for what, measured, met in rows:
            print(f"  {what:45s} {measured:>9s}   {'met' if met else 'NOT met'}")
    print(f"\nCorrect: {report['correct']} of {n} visitors")
    for visitor in report["visitors_report"]:
        for problem in visitor["problems"]:
            print(f"  visitor {visitor['index']} (seed {visitor['seed']} -> {visitor['new_seed']}): {problem}")
