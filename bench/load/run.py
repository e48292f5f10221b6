"""A bounded load test on multi-process Odoo, run by ``bin/bench --load``.

Starts Odoo as in production on this machine (2 HTTP workers, 1 cron
worker, the documented ``limit_time_*`` and memory limits) on the seeded
database, runs Locust headless against it (addresses on this machine only,
a bounded number of users for a bounded time; it stops by itself), stops
Odoo, then prints per kind of request the count, failures, median and 95th
percentile time and requests per second, and the invariants: those of the
data (bench/load/invariants.py) and no server error (HTTP 500 or traceback)
in the server's log. A broken invariant fails the run (exit 1).

    .venv/bin/python bench/load/run.py --config var/odoo.conf \\
        --database sparklife_load --seed var/load/seed.json \\
        --locust .venv-load/bin/locust [--users 30] [--spawn-rate 5] \\
        [--duration 120]
"""

import argparse
import csv
import os
import pathlib
import re
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from supervisor import Supervisor, stop_on_sigterm, wait_healthy  # noqa: E402

#: Odoo as in production on 2 cores: 2 HTTP workers and 1 cron worker; a
#: request gets 60 s of CPU and 120 s in all, a worker 2 GiB (soft) / 2.5 GiB.
PRODUCTION = [
    "--workers=2",
    "--max-cron-threads=1",
    "--limit-time-cpu=60",
    "--limit-time-real=120",
    "--limit-memory-soft=2147483648",
    "--limit-memory-hard=2684354560",
]


def load_parser():
    """The options of every load run (this one, the faults, the cluster)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--locust", required=True)
    return parser


def parse():
    parser = load_parser()
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", type=int, default=120, help="seconds")
    parser.add_argument("--port", type=int, default=8079)
    return parser.parse_args()


def odoo_command(args, port, log):
    """The command of Odoo as in production on ``port``, logging to ``log``."""
    # The odoo script, not "python -m odoo": the prefork server starts its
    # websocket worker by running its own command again.
    return [
        str(pathlib.Path(sys.executable).with_name("odoo")),
        "server",
        "-c",
        args.config,
        "-d",
        args.database,
        f"--db-filter=^{args.database}$",
        f"--http-port={port}",
        f"--gevent-port={port + 1}",
        "--http-interface=127.0.0.1",
        f"--logfile={log}",
        "--log-level=info",
        *PRODUCTION,
    ]


def start_odoo(args, log):
    """Odoo as in production, under the restart policy production gives it
    (bench/load/supervisor.py): started again 2 s after it exits."""
    command = odoo_command(args, args.port, log)
    # What the server's processes write outside the log (a worker that
    # cannot start, the supervisor's restarts) is kept beside it, and
    # counted with it.
    server = Supervisor(command, f"{log}.stderr").start()
    if not wait_healthy(args.port, timeout=120):
        server.stop()
        sys.exit("Odoo did not start: see " + str(log))
    return server


def stop(server):
    server.stop()


def run_locust(args, out, port=None, extra_env=None, quiet=False):
    """Locust headless against ``port`` (default ``args.port``) for
    ``args.duration`` seconds, its statistics in ``out``; ``quiet`` leaves
    out its summary."""
    env = dict(
        os.environ,
        LOAD_SEED=str(pathlib.Path(args.seed).resolve()),
        LOAD_KEYS=str(out / "keys.txt"),
        **(extra_env or {}),
    )
    subprocess.run(
        [
            args.locust,
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port or args.port}",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{args.duration}s",
            "--stop-timeout",
            "10",
            "--csv",
            str(out / "stats"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if quiet else None,
    )


def print_table(out):
    rows = list(csv.DictReader(open(out / "stats_stats.csv")))
    print(
        f"{'request':36} {'count':>7} {'failed':>7} {'median':>8} {'p95':>8} {'req/s':>7}"
    )
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name[:36]:36} {int(row['Request Count']):7d} "
            f"{int(row['Failure Count']):7d} {row['50%']:>6}ms {row['95%']:>6}ms "
            f"{float(row['Requests/s']):7.2f}"
        )
    return rows


def server_errors(log):
    """Requests answered 500, and tracebacks, in the server's log."""
    text = pathlib.Path(log).read_text(errors="replace")
    stderr = pathlib.Path(f"{log}.stderr")
    if stderr.exists():
        text += stderr.read_text(errors="replace")
    errors = re.findall(r'"[A-Z]+ [^"]*" 500 ', text)
    tracebacks = text.count("Traceback (most recent call last)")
    return errors, tracebacks


def main():
    args = parse()
    stop_on_sigterm()
    out = ROOT / "var" / "load"
    out.mkdir(parents=True, exist_ok=True)
    (out / "keys.txt").unlink(missing_ok=True)
    log = ROOT / "var" / "log" / f"{args.database}_load.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    pathlib.Path(f"{log}.stderr").unlink(missing_ok=True)
    print(
        f"[load] Odoo: 2 HTTP workers, 1 cron worker on {args.database}; "
        f"{args.users} users for {args.duration} s"
    )
    server = start_odoo(args, log)
    started = time.monotonic()
    try:
        run_locust(args, out)
    finally:
        stop(server)
    print(f"[load] ran {time.monotonic() - started:.0f} s")
    rows = print_table(out)
    errors, tracebacks = server_errors(log)
    failed = sum(
        int(row["Failure Count"]) for row in rows if row["Name"] != "Aggregated"
    )
    print("invariants of the run:")
    print(f"  {'BROKEN' if errors else 'ok    '} no HTTP 500 ({len(errors)})")
    print(
        f"  {'BROKEN' if tracebacks else 'ok    '} no traceback in the log ({tracebacks})"
    )
    print(f"  {'BROKEN' if failed else 'ok    '} no failed request ({failed})")
    restarts = len(server.exits)
    print(
        f"  {'BROKEN' if restarts else 'ok    '} the server never stopped "
        f"({restarts} restarts by the supervisor)"
    )
    data = subprocess.run(
        [
            sys.executable,
            str(HERE / "invariants.py"),
            "--config",
            args.config,
            "--database",
            args.database,
            "--keys",
            str(out / "keys.txt"),
        ],
        check=False,
    )
    sys.exit(1 if errors or tracebacks or failed or restarts or data.returncode else 0)


if __name__ == "__main__":
    main()
