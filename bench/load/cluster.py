"""Two Odoo nodes behind HAProxy over a PostgreSQL primary and its streaming
replica, run by ``bin/bench --cluster`` (which makes both PostgreSQL
clusters, the database and the seed first).

Each node is Odoo as in production on this machine (2 HTTP workers, the
documented limits) with ``queue_job`` and ``session_db`` server-wide,
sessions in a database of their own, the portal's read-only pages on the
replica (``db_replica_host``) and queue_job's runner (one of the two is
elected; it hands each job to whichever node HAProxy picks). HAProxy checks
each node every second by connecting to it (a node whose workers are all
busy still accepts connections: an HTTP check of ``/web/health`` would wait
behind the load and take a busy node out); a dead node refuses them and is
out after three checks. HAProxy sends each node at most 8 requests at once
and queues the others: an Odoo node accepts only so many connections
waiting for a worker (8 per worker), beyond which it answers neither the
customers nor the checks.

Three phases of the same Locust mix (bench/load/locustfile.py), each
bounded in time:

1. one node alone (HAProxy bypassed): the single-node figures;
2. both nodes through HAProxy: the same figures, and the share of the
   database's transactions that the replica served;
3. the reminder jobs of the 100,000 seeded items on queue_job, both nodes
   up: how the batches (and the email and SMS jobs they hand over) split
   over the nodes;
4. both nodes through HAProxy while the same reminder jobs run again, and
   one node killed (SIGKILL, all its processes) in the middle: the
   customers keep their sessions on the other node (a page that sends a
   logged-in customer back to the login page is a failure), no form is
   lost or made twice, every invariant of the data holds, and every job
   finishes.

Each node has a data directory of its own; attachments go to a folder they
share, through an ``fs_attachment`` storage (the default for attachments):
the photos the customers sent are all there, none in a node's own filestore.

Prints the table of both runs, the replica's share, how the jobs split over
the nodes, and the invariants; exits 1 when one breaks.

    .venv/bin/python bench/load/cluster.py --config var/odoo-cluster.conf \\
        --database sparklife_cluster --seed var/load/sparklife_cluster.json \\
        --locust .venv-load/bin/locust --replica-port 5442 \\
        --haproxy /usr/sbin/haproxy [--users 20] [--duration 60]
"""

import csv
import os
import pathlib
import re
import signal
import subprocess
import sys
import threading
import time

import psycopg2

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import run  # noqa: E402
from faults import forms_outcome, start_sink, use_sink_server  # noqa: E402
from supervisor import _end_group, stop_on_sigterm, wait_healthy  # noqa: E402

from odoo import SUPERUSER_ID, api, sql_db  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402
from odoo.service.server import load_server_wide_modules  # noqa: E402
from odoo.tools import config  # noqa: E402

#: The channels' capacities on each node (queue_job's runner reads them). A
#: channel's capacity bounds its sub-channels' jobs too: reminder batches,
#: emails and SMS run at once, four jobs at most (one per HTTP worker).
CHANNELS = (
    "root:4,root.aftersales:4,root.aftersales.reminders:2,"
    "root.aftersales.email:2,root.aftersales.sms:1"
)
REMINDER_JOB = "_aftersales_send_reminders"
#: The jobs a reminder batch hands its emails and SMS to.
MESSAGE_JOBS = ("_aftersales_send_queued", "_aftersales_send_new")
#: The folder every node reaches, and the storage that keeps attachments in it.
SHARED_DIR = ROOT / "var" / "cluster" / "shared"
STORAGE = "cluster_shared"
KINDS = ("free_resize", "return", "warranty")


def parse():
    parser = run.load_parser()
    parser.add_argument("--replica-port", type=int, required=True)
    parser.add_argument("--haproxy", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", type=int, default=60, help="seconds a phase")
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--proxy-port", type=int, default=8090)
    parser.add_argument("--jobs-timeout", type=int, default=300)
    return parser.parse_args()


def sessions_uri(args):
    """The sessions' database (session_db), beside the primary's."""
    return (
        f"postgres://{config['db_user']}:{config['db_password']}@"
        f"{config['db_host']}:{config['db_port']}/{args.database}_sessions"
    )


def prepare_sessions(args):
    """session_db's table, made once before the nodes start (their workers
    would all try to make it at their first request)."""
    from odoo import http

    from odoo.addons.session_db.pg_session_store import PGSessionStore

    PGSessionStore(sessions_uri(args), session_class=http.Session)._close_connection()


class Node:
    """One Odoo node: its own ports and log, the cluster's settings."""

    def __init__(self, args, name, port):
        self.name = name
        self.port = port
        self.log = ROOT / "var" / "log" / f"{args.database}_node_{name}.log"
        #: The node's own data directory (sessions and attachments are not
        #: there: only what a node may lose).
        self.data_dir = ROOT / "var" / "cluster" / f"node_{name}"
        self.process = None
        self.args = args

    def start(self):
        args = self.args
        self.log.unlink(missing_ok=True)
        command = [
            *run.odoo_command(args, self.port, self.log),
            f"--data-dir={self.data_dir}",
            "--load=base,web,queue_job,session_db",
            f"--db_replica_host={config['db_host']}",
            f"--db_replica_port={args.replica_port}",
            "--proxy-mode",
        ]
        env = dict(
            os.environ,
            SESSION_DB_URI=sessions_uri(args),
            # The elected runner hands each job to the proxy: any node runs it.
            ODOO_QUEUE_JOB_HOST="127.0.0.1",
            ODOO_QUEUE_JOB_PORT=str(args.proxy_port),
            ODOO_QUEUE_JOB_CHANNELS=CHANNELS,
        )
        with open(f"{self.log}.stderr", "w") as output:
            self.process = subprocess.Popen(
                command,
                start_new_session=True,
                stdout=output,
                stderr=output,
                env=env,
            )
        return self

    def kill(self):
        """The node's machine is gone: every process of it, at once."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            _end_group(self.process.pid, timeout=30)
            self.process.wait()

    def filestore_files(self, database):
        folder = self.data_dir / "filestore" / database
        return {path.name for path in folder.rglob("*") if path.is_file()}

    def job_uuids(self):
        """The jobs this node ran (queue_job's runner calls each by HTTP)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return set(re.findall(r"/queue_job/runjob\?\S*job_uuid=([0-9a-f-]+)", text))


def prepare_storage(args):
    """The shared folder, as the default storage of attachments (images
    included, whatever their size; scripts and style sheets stay in the
    database)."""
    SHARED_DIR.mkdir(parents=True, exist_ok=True)
    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        values = {
            "name": "Shared folder",
            "protocol": "file",
            "directory_path": str(SHARED_DIR),
            "use_as_default_for_attachments": True,
            "force_db_for_default_attachment_rules": (
                '{"application/javascript": 0, "text/css": 0}'
            ),
        }
        storage = env["fs.storage"].search([("code", "=", STORAGE)])
        if storage:
            storage.write(values)
        else:
            env["fs.storage"].create({**values, "code": STORAGE})
        cr.commit()
        return db_now(cr)


def db_now(cr):
    cr.execute("SELECT now() AT TIME ZONE 'UTC'")
    return cr.fetchone()[0]


def photos_since(args, since):
    """The photos the customers sent since ``since``: where each is kept."""
    with connect(args) as cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT store_fname FROM ir_attachment WHERE res_model ="
            " 'helpdesk.ticket' AND mimetype LIKE 'image/%%' AND create_date >= %s",
            [since],
        )
        names = [row[0] for row in cr.fetchall()]
    cnx.close()
    return names


def haproxy_config(args, nodes):
    servers = "\n".join(
        f"    server {node.name} 127.0.0.1:{node.port} maxconn 8"
        " check inter 1s fall 3 rise 2"
        for node in nodes
    )
    path = ROOT / "var" / "cluster" / "haproxy.cfg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""global
    maxconn 512

defaults
    mode http
    timeout connect 5s
    timeout queue 60s
    timeout client 150s
    timeout server 150s
    option forwardfor
    option http-server-close
    retries 2
    option redispatch

frontend odoo
    bind 127.0.0.1:{args.proxy_port}
    default_backend nodes

backend nodes
    balance roundrobin
{servers}
"""
    )
    return path


def start_proxy(args, nodes):
    process = subprocess.Popen(
        [args.haproxy, "-db", "-f", str(haproxy_config(args, nodes))],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "var" / "log" / f"{args.database}_haproxy.log", "w"),
    )
    if not wait_healthy(args.proxy_port, timeout=30):
        sys.exit("HAProxy did not answer: see var/log")
    return process


def locust(args, port, name, forms=None):
    """The Locust mix against ``port`` for the phase's duration; its rows."""
    out = ROOT / "var" / "cluster" / name
    out.mkdir(parents=True, exist_ok=True)
    (out / "keys.txt").unlink(missing_ok=True)
    extra = {}
    if forms:
        forms.unlink(missing_ok=True)
        extra["LOAD_FORMS"] = str(forms)
    run.run_locust(args, out, port=port, extra_env=extra, quiet=True)
    rows = list(csv.DictReader(open(out / "stats_stats.csv")))
    keys_file = out / "keys.txt"
    keys = keys_file.read_text().split() if keys_file.exists() else []
    return rows, keys


def connect(args, port=None):
    return psycopg2.connect(
        host=config["db_host"],
        port=port or config["db_port"],
        user=config["db_user"],
        password=config["db_password"],
        dbname=args.database,
        connect_timeout=5,
    )


def transactions(args, port):
    """Transactions committed so far in the database on the server at
    ``port`` (the replica counts those it served itself)."""
    with connect(args, port) as cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database"
            " WHERE datname = current_database()"
        )
        count = cr.fetchone()[0]
    cnx.close()
    return count


#: The reminder crons, which phase 3 stands in for: they wait until then,
#: so that the first two phases measure the same load.
REMINDER_CRONS = tuple(f"sparklife_aftersales.ir_cron_remind_{kind}" for kind in KINDS)


def hold_reminder_crons(env):
    for xmlid in REMINDER_CRONS:
        env.ref(xmlid).nextcall = "2999-01-01 00:00:00"


def reseed(args):
    """The load test's starting state again (bench/load/seed.py): the
    customers' requests of the first phases closed, so that they send their
    forms again in the third."""
    import seed

    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        seed.seed(env)
        hold_reminder_crons(env)
        cr.commit()


def prepare_jobs(args):
    """The 100,000 items of the jobs' benchmark (bench/bench_jobs.py), their
    reminders forgotten, the jobs switched to queue_job."""
    import bench_jobs

    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        bench_jobs.seed(env, args.lines)
        hold_reminder_crons(env)
        env["ir.config_parameter"].set_param(
            "sparklife_aftersales.use_queue_job", "True"
        )
        # The emails go to a local SMTP server, which counts them.
        use_sink_server(env)
        cr.execute(
            "DELETE FROM queue_job WHERE method_name IN %s",
            [(REMINDER_JOB, *MESSAGE_JOBS)],
        )
        cr.commit()
    forget_reminders(args)


def forget_reminders(args):
    """The seeded items' reminders forgotten (and their batches' jobs, done),
    so that the next phase sends them again; the emails and SMS of the last
    ones may still be going out."""
    with Registry(args.database).cursor() as cr:
        cr.execute(
            """
            DELETE FROM sparklife_aftersales_reminder r USING sale_order_line l,
                   sale_order o
             WHERE r.sale_line_id = l.id AND l.order_id = o.id
               AND o.name LIKE 'BENCH/%%'
            """
        )
        cr.execute(
            "DELETE FROM queue_job WHERE method_name = %s AND state = 'done'",
            [REMINDER_JOB],
        )
        cr.commit()


def enqueue_reminders(args):
    """What the reminder crons do at their hour: select and enqueue."""
    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Reminder = env["sparklife.aftersales.reminder"]
        due = sum(Reminder._send_due_reminders(kind) for kind in KINDS)
        cr.commit()
    return due


def jobs_state(args, method=REMINDER_JOB):
    with connect(args) as cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT state, count(*) FROM queue_job WHERE method_name = %s"
            " GROUP BY state",
            [method],
        )
        states = dict(cr.fetchall())
        cr.execute(
            "SELECT uuid FROM queue_job WHERE method_name = %s AND state = 'done'",
            [method],
        )
        done = {row[0] for row in cr.fetchall()}
    cnx.close()
    return states, done


def split(nodes, done):
    """Which of the ``done`` jobs each node ran."""
    return {node.name: node.job_uuids() & done for node in nodes}


def split_text(ran):
    return ", ".join(f"node {name} ran {len(uuids)}" for name, uuids in ran.items())


def wait_jobs(args, methods=(REMINDER_JOB,)):
    """Until the jobs of ``methods`` are done (or the time is up): the
    reminder batches' states and those done."""
    deadline = time.monotonic() + args.jobs_timeout
    while True:
        waiting = 0
        for method in (*methods, REMINDER_JOB):
            states, done = jobs_state(args, method)
            waiting += sum(n for state, n in states.items() if state != "done")
        if not waiting or time.monotonic() > deadline:
            return states, done
        time.sleep(2)


def aggregated(rows):
    row = next(r for r in rows if r["Name"] == "Aggregated")
    return {
        "requests": int(row["Request Count"]),
        "failed": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "median": row["50%"],
        "p95": row["95%"],
    }


def failures_by_kind(rows):
    return {
        row["Name"]: int(row["Failure Count"])
        for row in rows
        if row["Name"] != "Aggregated" and int(row["Failure Count"])
    }


def sessions_lost(out):
    """How many of a phase's pages sent a customer back to the login page."""
    path = out / "stats_failures.csv"
    if not path.exists():
        return 0
    return sum(
        int(row["Occurrences"])
        for row in csv.DictReader(open(path))
        if "session lost" in row["Error"]
    )


def main():
    args = parse()
    stop_on_sigterm()
    config.parse_config(["-c", args.config, "-d", args.database])
    load_server_wide_modules()
    started = time.monotonic()
    sink = start_sink()
    prepare_jobs(args)
    prepare_sessions(args)
    since = prepare_storage(args)
    nodes = [Node(args, "a", 8091), Node(args, "b", 8093)]
    proxy = None
    checks = []

    def check(ok, sentence):
        checks.append(bool(ok))
        print(f"  {'ok    ' if ok else 'BROKEN'} {sentence}")

    try:
        for node in nodes:
            node.start()
        for node in nodes:
            if not wait_healthy(node.port, timeout=180):
                sys.exit(f"node {node.name} did not start: see {node.log}")
        proxy = start_proxy(args, nodes)
        print(
            f"[cluster] 2 nodes (2 HTTP workers each) behind HAProxy, replica on "
            f"port {args.replica_port}; {args.users} users, {args.duration} s a phase"
        )

        print("[cluster] 1. one node alone")
        single, _keys = locust(args, nodes[0].port, "single")

        print("[cluster] 2. both nodes through HAProxy")
        before = {
            "primary": transactions(args, config["db_port"]),
            "replica": transactions(args, args.replica_port),
        }
        both, _keys = locust(args, args.proxy_port, "both")
        on_primary = transactions(args, config["db_port"]) - before["primary"]
        on_replica = transactions(args, args.replica_port) - before["replica"]

        print("[cluster] 3. reminder jobs on both nodes")
        jobs_started = time.monotonic()
        due = enqueue_reminders(args)
        both_states, both_done = wait_jobs(args)
        jobs_seconds = time.monotonic() - jobs_started
        both_ran = split(nodes, both_done)

        print("[cluster] 4. reminder jobs again and a node killed under load")
        forget_reminders(args)
        reseed(args)
        due = enqueue_reminders(args)
        forms = ROOT / "var" / "cluster" / "forms.txt"
        killer = threading.Timer(args.duration / 2, nodes[0].kill)
        killer.start()
        kill_rows, kill_keys = locust(args, args.proxy_port, "kill", forms=forms)
        killer.join()
        # The batches, and the jobs they handed their emails and SMS to
        # (those of phase 3 went on during phase 4).
        states, done = wait_jobs(args, (REMINDER_JOB, *MESSAGE_JOBS))
        messages = {method: jobs_state(args, method) for method in MESSAGE_JOBS}
        messages_ran = {
            method: split(nodes, done_ids)
            for method, (_s, done_ids) in messages.items()
        }
    finally:
        if proxy:
            _end_group(proxy.pid, timeout=5)
        for node in nodes:
            node.stop()
        sql_db.close_all()

    print(f"\n[cluster] ran {time.monotonic() - started:.0f} s\n")
    print(f"{'':28}{'req/s':>8}{'median':>9}{'p95':>8}{'requests':>10}{'failed':>8}")
    for label, rows in (("one node", single), ("two nodes behind HAProxy", both)):
        figures = aggregated(rows)
        print(
            f"{label:28}{figures['rps']:8.1f}{figures['median']:>7}ms"
            f"{figures['p95']:>6}ms{figures['requests']:10d}{figures['failed']:8d}"
        )
    share = on_replica / max(on_primary + on_replica, 1)
    print(
        f"\nreplica: {on_replica} of {on_primary + on_replica} database "
        f"transactions of phase 2 ({share:.0%}), the portal's read pages"
    )
    print(
        f"phase 3, reminder batches ({due} due items of {args.lines:,}), both "
        f"nodes up: {split_text(both_ran)} in {jobs_seconds:.0f} s; "
        f"states {both_states}"
    )
    ran = split(nodes, done)
    print(
        f"phase 4, the same batches again, node a killed: {split_text(ran)}; "
        f"states {states}"
    )
    for method, label in zip(MESSAGE_JOBS, ("email", "SMS"), strict=True):
        print(
            f"their {label} jobs (phases 3 and 4): {split_text(messages_ran[method])}"
        )
    print(f"{len(sink.received)} emails received by the SMTP server in all")
    photos = photos_since(args, since)
    shared = {name.partition("://")[2] for name in photos if name}
    on_disk = {
        path.relative_to(SHARED_DIR).as_posix()
        for path in SHARED_DIR.rglob("*")
        if path.is_file()
    }
    in_nodes = set().union(*(node.filestore_files(args.database) for node in nodes))

    print("\ninvariants after node a was killed in the middle of phase 4:")
    figures = aggregated(kill_rows)
    failed = failures_by_kind(kill_rows)
    lost_sessions = sessions_lost(ROOT / "var" / "cluster" / "kill")
    print(
        f"  phase 4: {figures['requests']} requests, {figures['failed']} failed "
        f"({', '.join(f'{k}: {v}' for k, v in failed.items()) or 'none'})"
    )
    check(
        not lost_sessions,
        "customers kept their sessions on the other node "
        f"({lost_sessions} pages sent them back to the login page)",
    )
    answers, made = forms_outcome(args, forms)
    accepted = set(kill_keys)
    doubled = [key for key, n in made.items() if n > 1]
    lost = [key for key in accepted if made.get(key, 0) != 1]
    check(not doubled, f"no form made twice ({len(made)} requests made)")
    check(not lost, f"no accepted form lost ({len(accepted)} accepted)")
    waiting = sum(n for state, n in states.items() if state != "done")
    check(not waiting, f"every reminder job finished ({states})")
    unfinished = {
        method: {state: n for state, n in job_states.items() if state != "done"}
        for method, (job_states, _done) in messages.items()
    }
    check(
        not any(unfinished.values()),
        "every email and SMS job finished"
        + (f" (not yet: {unfinished})" if any(unfinished.values()) else ""),
    )
    doubled_emails = len(sink.received) - len(set(sink.received))
    check(
        doubled_emails <= 1,
        f"no email sent twice but the one a killed job may have been sending "
        f"({doubled_emails} of {len(sink.received)} received)",
    )
    check(
        all(both_ran.values()) or len(both_done) < 2,
        "both nodes ran reminder jobs while both were up",
    )
    check(
        photos and all(name.startswith(f"{STORAGE}://") for name in photos),
        f"the customers' {len(photos)} photos are kept in the shared folder",
    )
    check(
        shared <= on_disk and not in_nodes,
        f"each is there ({len(shared & on_disk)}), none in a node's own "
        f"filestore ({len(in_nodes)} files)",
    )
    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        broken = env["sparklife.aftersales.health"]._check_invariants(sorted(accepted))
    check(
        not broken, "the data's invariants hold" + (f": {broken[:3]}" if broken else "")
    )
    sys.exit(0 if all(checks) else 1)


if __name__ == "__main__":
    main()
