"""Run every benchmark, print one table, write all numbers to artifacts/bench.json.

Each benchmark runs as its own process (so one's memory and threads never colour the next),
inside the desktop session this runner was started in (`make bench` does that). A benchmark
prints numbers; nothing here passes or fails on a target: the table only says whether each
figure is within the target the issue set.

Run: scripts/desktop-session.sh .venv/bin/python -m benchmarks [--quick] [--out F]
[--only scale,idle] [--scale-rows 10000,100000,1000000]; `make bench BENCH_ARGS="…"` passes them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.harness import machine
from tests.support.standin import REPO

Row = tuple[str, str, str, str]  # figure, value, target, met


def run_bench(name: str, args: list[str], workdir: Path) -> dict[str, Any]:
    out = workdir / f"{name}.json"
    argv = [sys.executable, "-m", f"benchmarks.{name}", *args, "--json-out", str(out)]
    print(f"== {name}: {' '.join(argv[1:])}", file=sys.stderr, flush=True)
    started = time.monotonic()
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=False)
    took = round(time.monotonic() - started, 1)
    if done.returncode != 0 or not out.exists():
        tail = (done.stderr or done.stdout)[-2000:]
        print(f"   {name} failed ({done.returncode}):\n{tail}", file=sys.stderr)
        return {"error": f"exit {done.returncode}", "stderr_tail": tail, "took_s": took}
    result: dict[str, Any] = json.loads(out.read_text())
    result["took_s"] = took
    return result


def run_reconnect(workdir: Path, quick: bool) -> dict[str, Any]:
    """benchmarks/reconnect.py belongs to the reconnection work; its format is its own."""
    if not (REPO / "benchmarks" / "reconnect.py").exists():
        return {"error": "benchmarks/reconnect.py is not in the tree yet"}
    return run_bench("reconnect", ["--reps", "1", "--hung-seconds", "10"] if quick else [], workdir)


def yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def ms(d: dict[str, float]) -> str:
    return f"p50 {d['p50']:g} / p95 {d['p95']:g} / p99 {d['p99']:g} ms"


def latency_rows(r: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    baseline: dict[float, float] = {}
    for run in r["runs"]:
        source = run.get("source", "postgres-changes")
        poll = f"({source}, poll {run['poll_interval_ms']:g} ms, n={run['samples']})"
        e2e, app = run["e2e_ms"], run["app_share_ms"]
        rows += [
            (f"latency commit→Notify {poll}", ms(e2e), "p99 < 500 ms", yes(e2e["p99"] < 500)),
            ("  of which stand-in (commit→frame)", ms(run["standin_share_ms"]), "", ""),
            ("  of which app (frame→Notify sent)", ms(app), "p99 < 5 ms", yes(app["p99"] < 5)),
            ("    app's thread CPU in that span", ms(run.get("app_share_cpu_ms", app)), "", ""),
            ("  of which bus (Notify sent→seen)", ms(run["bus_share_ms"]), "", ""),
        ]
        if source == "postgres-changes":
            baseline[run["poll_interval_ms"]] = e2e["p50"]
        elif run["poll_interval_ms"] in baseline:  # measured in the same run
            ratio = e2e["p50"] / baseline[run["poll_interval_ms"]]
            rows.append(("  p50 vs postgres-changes", f"{ratio:.2f}x", "reported", ""))
    return rows


def source_cost_rows(r: dict[str, Any]) -> list[Row]:
    """benchmarks/source_cost.py: what one change costs the server, per source and N."""
    rows: list[Row] = []
    for run in r["runs"]:
        label = f"server cost, {run['source']}, N={run['subscribers']}"
        rows.append(
            (
                label,
                f"{run['auth_queries_per_change']:g} auth queries/change "
                f"({run['auth_queries_at_join']} at join), "
                f"{run['frames_per_change']:g} frames/change, fan-out p50 "
                f"{run['fanout_ms_p50']:g} ms (max {run['fanout_ms_max']:g})",
                "reported",
                "",
            )
        )
    return rows


def burst_rows(r: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for key, label in (
        ("one_transaction_1000", "burst 1,000 in 1 tx"),
        ("spread_10000_over_10s", "burst 10,000 over 10 s"),
    ):
        b = r[key]
        lag = b["loop_lag_ms"]
        rows += [
            (f"{label}: loop lag", ms(lag), "p99 < 100 ms", yes(lag["p99"] < 100)),
            (
                f"{label}: toasts",
                f"{b.get('new_toasts', '?')} new, {b['notify_calls']} Notify calls in all "
                f"(last: {b['last_toast']})",
                "≤ 5 new toasts",
                yes(b.get("new_toasts", b["notify_calls"]) <= 5),
            ),
            (
                f"{label}: alerts in history",
                f"{b['alerts_in_history']} / {b['calls']}",
                "all",
                yes(b["alerts_in_history"] == b["calls"]),
            ),
            (
                f"{label}: peak RSS growth",
                f"{b['peak_rss_growth_mb']} MB",
                "< 50 MB",
                yes(b["peak_rss_growth_mb"] < 50),
            ),
            (
                f"{label}: drained after last commit",
                f"{b['drained_after_last_commit_s']} s (max {b['max_asyncio_tasks']} tasks)",
                "bounded queues",
                "",
            ),
            (
                f"{label}: last frame in / app CPU",
                f"+{b.get('last_frame_after_last_commit_s')} s / {b.get('app_cpu_s')} s",
                "(stand-in vs app)",
                "",
            ),
        ]
    return rows


def idle_rows(r: dict[str, Any]) -> list[Row]:
    app, base = r["app"], r["baseline"]
    return [
        (
            "idle CPU (app / baseline)",
            f"{app['cpu_percent_of_one_core']} % / {base['cpu_percent_of_one_core']} % of a core",
            "app < 0.5 %",
            yes(app["cpu_percent_of_one_core"] < 0.5),
        ),
        (
            "idle RSS (app / baseline)",
            f"{app['rss_mb']} / {base['rss_mb']} MB = {r['rss_ratio_app_vs_baseline']}x",
            "< 1.3x",
            yes(r["rss_ratio_app_vs_baseline"] < 1.3),
        ),
        *(
            [
                (
                    "  vs baseline + client libraries imported",
                    f"{app['rss_mb']} / {r['baseline_with_clients']['rss_mb']} MB = "
                    f"{r['rss_ratio_app_vs_baseline_with_clients']}x",
                    "≤ 1.1x",
                    yes(r["rss_ratio_app_vs_baseline_with_clients"] <= 1.1),
                ),
                (
                    "  idle RSS, absolute",
                    f"{app['rss_mb']} MB (peak in window {app['peak_rss_in_window_mb']} MB)",
                    "< 100 MB",
                    yes(app["rss_mb"] < 100),
                ),
            ]
            if "baseline_with_clients" in r
            else []
        ),
        (
            "idle wake-ups/s (app / baseline)",
            f"{app['wakeups_per_s']} / {base['wakeups_per_s']}",
            "reported",
            "",
        ),
    ]


def startup_rows(r: dict[str, Any]) -> list[Row]:
    return [
        (
            "startup to tray icon (app / baseline)",
            f"{r['app_to_tray_icon_s']} / {r['baseline_to_tray_icon_s']} s = "
            f"{r['icon_ratio_app_vs_baseline']}x",
            "< 1.5x",
            yes(r["icon_ratio_app_vs_baseline"] < 1.5),
        ),
        ("startup to live subscription (app)", f"{r['app_to_live_s']} s", "", ""),
    ]


# The target is for "wake or network-up"; the clock of "hung" starts at SIGCONT.
TARGETED_RECONNECTS = {"wake", "wake-expired", "network", "hung"}


def reconnect_rows(r: dict[str, Any]) -> list[Row]:
    if "error" in r:
        return [("reconnect", f"not measured: {r['error']}", "median < 2 s", "")]
    rows: list[Row] = []
    for res in r.get("results", []):
        median, worst = res.get("median_s"), res.get("max_s")
        value = f"median {median} s / max {worst} s (n={res.get('reps')})"
        value += f", lost {res.get('lost')}, duplicated {res.get('duplicated')}"
        scenario = res.get("scenario")
        if scenario in TARGETED_RECONNECTS:
            met = "" if median is None else yes(median < 2)
            rows.append((f"reconnect: {scenario}", value, "median < 2 s", met))
        else:  # no OS signal says the server is back: the backoff decides; or a cold start
            rows.append((f"reconnect: {scenario}", value, "reported", ""))
    return rows or [("reconnect", "no scenarios in its output", "", "")]


def catchup_rows(r: dict[str, Any]) -> list[Row]:
    cost, drop, week = r["reconciliation_cost"], r["drop_to_alert"], r["week_away"]
    per_pass = cost["cpu_per_pass_ms"]
    return [
        (
            f"reconciliation, 1 change/s, every {cost['default_period_s']:g} s (xid)",
            f"{cost['cpu_s_per_hour']} CPU s/h, {cost['kb_per_hour']} KB/h read "
            f"(a pass: {per_pass['fixed']} ms + {per_pass['per_row']} ms/row)",
            "reported",
            "",
        ),
        (
            f"silent drop → alert (period {drop['period_s']:g} s)",
            f"mean {drop['mean_s']} s / max {drop['max_s']} s (n={len(drop['samples_s'])})",
            "≤ the period",
            yes(drop["max_s"] <= drop["period_s"] + 2),
        ),
        (
            f"catch-up of {week['changed_rows']:,} changes after a week away",
            f"{week['launch_to_caught_up_s']} s from launch, peak RSS {week['peak_rss_mb']} MB, "
            f"{(week.get('kb_read') or 0) / 1024:.1f} MB read "
            f"({week['rows_read']} rows, {week['pages']} pages, {week['mode']})",
            "reported",
            "",
        ),
    ]


def limited_rows(r: dict[str, Any]) -> list[Row]:
    """benchmarks/limited.py: behind a proxy that refuses the websocket, alerts by polling."""
    live, limited, query = r["live"], r["limited"], r["query_ms"]

    def latency(mode: dict[str, Any]) -> str:
        lat = mode["latency_ms"]
        return (
            f"mean {lat['mean']:g} / p50 {lat['p50']:g} / p95 {lat['p95']:g} / "
            f"max {lat['max']:g} ms "
            f"(n={mode['samples']}, lost {mode['lost']}, duplicated {mode['duplicated']})"
        )

    poll = r["poll_seconds"]
    return [
        ("proxy, websocket allowed: live latency", latency(live), "reported", ""),
        (
            f"proxy refusing websocket: limited mode after (poll {poll:g} s)",
            f"{limited['reached_after_s']} s",
            "< 30 s",
            yes(limited["reached_after_s"] < 30),
        ),
        (
            "  limited latency (poll interval + query)",
            latency(limited) + f", {r['limited_vs_live_p50']}x live p50",
            f"mean ≈ {r['expected_limited_mean_ms']:g} ms",
            yes(limited["latency_ms"]["max"] <= poll * 1000 + 4 * query["p95"] + 500),
        ),
        ("  of which one catch-up read (query)", ms_short(query), "", ""),
    ]


def views_rows(r: dict[str, Any]) -> list[Row]:
    """benchmarks/views.py: the calls list at N rows against 1,000, the dashboard in a burst."""
    sizes = sorted(r["list"], key=int)
    small, big = r["list"][sizes[0]], r["list"][sizes[-1]]
    ratio = r["list_ratio_to_baseline"]
    n = f"{int(sizes[-1]):,}"
    with_dash, without = r["burst_with_dashboard"], r["burst_without_views"]
    return [
        (
            f"calls list, {n} calls of today: open → rows shown",
            f"{big['to_first_paint_s']:.2f} s (app CPU {big['app_cpu_s']:.2f} s; "
            f"{int(sizes[0]):,} calls: {small['to_first_paint_s']:.2f} s)",
            "reported",
            "",
        ),
        (
            f"  {n}: memory while open / after closing",
            f"+{big['rss_growth_mb']:.0f} MB / +{big['rss_after_close_mb']:.0f} MB "
            f"(x{ratio['rss_growth_mb']} the {int(sizes[0]):,}-call list)",
            "reported",
            "",
        ),
        (
            f"  {n}: paint of a scroll step (median)",
            f"{big['scroll_step_paint_ms']:.1f} ms (x{ratio['scroll_step_paint_ms']})",
            "< 16 ms",
            yes(big["scroll_step_paint_ms"] < 16),
        ),
        (
            "dashboard open during 10,000 calls in 10 s: app CPU",
            f"{with_dash['app_cpu_s']} s vs {without['app_cpu_s']} s with no view "
            f"(x{r['dashboard_cpu_ratio']}); {with_dash['dashboard_counts']} counts, "
            f"{with_dash['dashboard_count_cpu_s']} s in them",
            "counts ≤ 1 per 2 s",
            "",
        ),
    ]


def ms_short(d: dict[str, float]) -> str:
    return f"p50 {d['p50']:g} / p95 {d['p95']:g} / max {d['max']:g} ms"


def comment_alerts_rows(r: dict[str, Any]) -> list[Row]:
    """benchmarks/comment_alerts.py (issue 17): live latency and the reconciliation's cost."""
    ticked, unticked = r["pass_ticked"], r["pass_unticked"]
    return [
        (
            "comment alert commit→alert (p50)",
            f"{r['live_comment_ms_p50']:g} ms ({r['live_ratio_comment_vs_call']:g}x a new call)",
            "reported",
            "",
        ),
        (
            f"  reconciliation pass, kind ticked ({r['recent_comments']} recent comments)",
            f"{ticked['wall_ms_p50']:g} ms, {ticked['cpu_ms_p50']:g} ms CPU, "
            f"{ticked['bytes_p50']:g} B",
            "reported",
            "",
        ),
        (
            "  same pass, kind unticked (baseline)",
            f"{unticked['wall_ms_p50']:g} ms, {unticked['cpu_ms_p50']:g} ms CPU, "
            f"{unticked['bytes_p50']:g} B",
            "",
            "",
        ),
    ]


def team_rules_rows(r: dict[str, Any]) -> list[Row]:
    batch = f"{r['team_calls_changed_batch_ms_p50']:g} ms"
    ratio = r["ratio_team_to_classify_decide"]
    return [
        (
            "team rules per 200-change batch (p50)",
            batch,
            "≤ 25% of classify+decide",
            yes(ratio <= 0.25),
        ),
        ("  ratio to classify+decide (same run)", f"{ratio:g}", "", ""),
        (
            "team decoration per toast",
            f"{r['decorate_per_toast_us']:g} µs",
            "< 100 µs",
            yes(r["decorate_per_toast_us"] < 100),
        ),
    ]


def scale_rows(r: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for run in r["sign_in"]["runs"]:
        own, app = run["in_process"], run["app"]
        size = f"{run['rows_in_table']:,} calls"
        rows += [
            (
                f"first sign-in, {size}: sign-in + first sync",
                f"{own['sign_in_and_first_sync_s']} s, {own['rows_read']} rows, "
                f"{own['requests']} requests, {own['bytes_read'] / 1e6:.2f} MB read",
                "< 3 s",
                yes(own["sign_in_and_first_sync_s"] < 3),
            ),
            (
                f"  {size}: app launch → first sync / new call alerted",
                f"{app['launch_to_first_sync_s']} s / {app['launch_to_new_call_alerted_s']} s "
                f"(insert → alert {app['insert_to_alert_s']} s)",
                "< 3 s",
                yes(app["launch_to_new_call_alerted_s"] < 3),
            ),
            (
                f"  {size}: launch → supervisor started / first sync (app log)",
                " / ".join(f"{v} s" for v in app.get("phases_s", {}).values()) or "?",
                "reported",
                "",
            ),
            (
                f"  {size}: store after",
                f"{app['store_mb']} MB",
                "< 20 MB",
                yes(app["store_mb"] < 20),
            ),
        ]
    sign_in = r["sign_in"]
    ratio = sign_in["bytes_ratio_largest_vs_smallest"]
    rows.append(
        (
            "  bytes read, largest vs smallest table",
            f"{ratio}x for {sign_in['table_ratio_largest_vs_smallest']}x the rows",
            "independent of size",
            yes(ratio < 1.5),
        )
    )
    bound, search = r["store_bound"], r["history_search"]
    rows += [
        (
            f"store after {bound['changes']:,} changes over {bound['simulated_days']} days",
            f"{bound['store_mb']} MB ({bound['calls_kept']} calls, {bound['alerts_kept']} alerts)",
            "< 20 MB",
            yes(bound["store_mb"] < 20),
        ),
        (
            f"history search, {search['alerts']:,} alerts (index / scan)",
            f"{search['search_ms_indexed_median']} / {search['search_ms_scan_median']} ms median",
            "reported",
            "",
        ),
    ]
    return rows


def soak_rows(r: dict[str, Any]) -> list[Row]:
    """benchmarks/soak.py: a simulated day of traffic, and call windows opened and closed."""
    day, win = r["day"], r["windows"]
    return [
        (
            f"{day['simulated_hours']} h at 1 change/s (simulated, {day['seconds']} s): RSS growth",
            f"{day['growth_mb']} MB ({day['rss_after_first_hour_mb']} → {day['rss_at_end_mb']} MB,"
            f" peak {day['peak_rss_mb']} MB; {day['alerts_in_history']} alerts,"
            f" {day['notify_calls']} Notify calls)",
            "< 10 MB",
            yes(day["growth_mb"] < 10),
        ),
        (
            f"{win['windows']:,} call windows opened and closed: RSS growth",
            f"{win['growth_mb']} MB after the first 100 ({win['rss_after_100_mb']} → "
            f"{win['rss_after_all_mb']} MB; {win['still_open']} left open)",
            "no growth (< 1 MB)",
            yes(win["growth_mb"] < 1 and win["still_open"] == 0),
        ),
    ]


def table(rows: list[Row]) -> str:
    head: Row = ("figure", "value", "target", "met")
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(4)]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    rule = "-+-".join("-" * w for w in widths)
    header = " | ".join(c.ljust(w) for c, w in zip(head, widths, strict=True))
    return "\n".join([header, rule, *lines])


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    parser.add_argument("--out", type=Path, default=REPO / "artifacts" / "bench.json")
    parser.add_argument("--table-from", type=Path, help="only print the table of a bench.json")
    parser.add_argument("--only", help="comma-separated benchmarks to run (e.g. scale,idle)")
    parser.add_argument(
        "--scale-rows", help="table sizes of the scale benchmark (e.g. 10000,100000,1000000)"
    )
    args = parser.parse_args()
    if args.table_from:
        print_table(json.loads(args.table_from.read_text()))
        return 0
    quick = args.quick
    plan: list[tuple[str, Callable[[Path], dict[str, Any]]]] = [
        ("latency", lambda d: run_bench("latency", ["--samples", "100" if quick else "500"], d)),
        ("burst", lambda d: run_bench("burst", [], d)),
        ("idle", lambda d: run_bench("idle", ["--seconds", "20" if quick else "60"], d)),
        ("startup", lambda d: run_bench("startup", ["--runs", "3" if quick else "5"], d)),
        ("reconnect", lambda d: run_reconnect(d, quick)),
        ("catchup", lambda d: run_bench("catchup", CATCHUP_QUICK if quick else [], d)),
        ("limited", lambda d: run_bench("limited", ["--samples", "10" if quick else "30"], d)),
        ("scale", lambda d: run_bench("scale", scale_args, d)),
        ("team_rules", lambda d: run_bench("team_rules", [], d)),
        ("source_cost", lambda d: run_bench("source_cost", SOURCE_COST_QUICK if quick else [], d)),
        ("soak", lambda d: run_bench("soak", ["--hours", "6"] if quick else [], d)),
        ("views", lambda d: run_bench("views", ["--reps", "1" if quick else "3"], d)),
        ("comment_alerts", lambda d: run_bench("comment_alerts", [], d)),
    ]
    scale_args = SCALE_QUICK if quick else []
    if args.scale_rows:
        scale_args = [*scale_args, "--rows", args.scale_rows]
    if args.only:
        chosen = set(args.only.split(","))
        plan = [step for step in plan if step[0] in chosen]
    results: dict[str, Any] = {"machine": machine(), "quick": quick}
    with tempfile.TemporaryDirectory() as tmp:
        for name, run in plan:
            results[name] = run(Path(tmp))
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nall numbers: {args.out}")
    return 0


ROWS: dict[str, Callable[[dict[str, Any]], list[Row]]] = {
    "latency": latency_rows,
    "burst": burst_rows,
    "idle": idle_rows,
    "startup": startup_rows,
    "reconnect": reconnect_rows,
    "catchup": catchup_rows,
    "limited": limited_rows,
    "scale": scale_rows,
    "team_rules": team_rules_rows,
    "source_cost": source_cost_rows,
    "soak": soak_rows,
    "views": views_rows,
    "comment_alerts": comment_alerts_rows,
}
SOURCE_COST_QUICK = ["--subscribers", "1", "50", "--changes", "3"]
SCALE_QUICK = ["--rows", "2000,20000", "--changes", "50000", "--alerts", "50000"]
CATCHUP_QUICK = ["--cost-seconds", "30", "--drops", "2", "--known", "2000", "--created", "8000"]


def print_table(results: dict[str, Any]) -> None:
    rows: list[Row] = []
    for name, to_rows in ROWS.items():
        if name not in results:
            continue
        result = results[name]
        if "error" in result and name != "reconnect":
            rows.append((name, f"failed: {result['error']}", "", ""))
        else:
            rows += to_rows(result)
    facts = results["machine"]
    print(f"\nCalls Notifier benchmarks: {facts['cores']} cores, {facts['memory_gb']} GB RAM, ")
    print(f"{facts['date']}, local stand-in, Xvfb + dunst + trayer session\n")
    print(table(rows))


if __name__ == "__main__":
    sys.exit(main())
