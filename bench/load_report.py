"""The load bench's figures: percentiles over visitors, and the report as ``python -m bench.load`` prints it."""

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


def _s(seconds: float | None) -> str:
    return "      -" if seconds is None else f"{seconds:7.2f}"


def print_report(report: dict) -> None:
    n = report["visitors"]
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
    print(f"\nCorrect: {report['correct']} of {n} visitors")
    for visitor in report["visitors_report"]:
        for problem in visitor["problems"]:
            print(f"  visitor {visitor['index']} (seed {visitor['seed']} -> {visitor['new_seed']}): {problem}")
