"""Faults survived, run by ``bin/bench --faults`` on a database and a
PostgreSQL cluster of their own (the cluster is restarted here: it is not the
one other work on the machine uses). Odoo runs as in production, in
multi-process mode under a restart policy (bench/load/supervisor.py). Each
fault prints what was done and what happened, then the invariants of the
data (the addon's ``sparklife.aftersales.health`` check); whatever happens,
including an error of this script, is reported as the fault's outcome, and
the run exits 1 when a fault was not survived:

1. The outgoing mail server is down while emails are sent, then comes back:
   a local SMTP server this script controls. Odoo marks the emails it could
   not hand over as failed; the addon's job queues them again; once the
   server is back each email goes exactly once (counted by Message-Id on the
   server), none lost, none doubled.
2. A worker process is killed (SIGKILL) while a customer's request form is
   being submitted, on Odoo in multi-process mode; the customer sends the
   form again (the same form, as a retry does): one request, not two.
3. PostgreSQL is stopped for 5 s then started again, under load (Locust),
   while the return reminder job is sending 1,000 reminders: whether Odoo's server stops (its main process
   exits when PostgreSQL is unreachable as it starts new workers) and how
   soon the supervisor brings it back, the pages' downtime and the requests
   that failed; each form sent is made exactly once or refused with an
   error the customer sees; the reminder job resumes where it stopped and
   each customer receives their reminder once (one ledger row per item, one
   email per customer on a local SMTP server).

    .venv/bin/python bench/load/faults.py --config var/odoo-faults.conf \\
        --database sparklife_faults --seed var/load/sparklife_faults.json \\
        --locust .venv-load/bin/locust --pg-bin /usr/lib/postgresql/15/bin \\
        --pgdata var/pg-faults [--reminders 1000] [--pg-down 5]
"""

import csv
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import threading
import time
import traceback
import warnings
from collections import Counter

import psutil
import psycopg2
import requests

from odoo import SUPERUSER_ID, api, sql_db
from odoo.modules.registry import Registry
from odoo.service.server import load_server_wide_modules
from odoo.tools import config

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import run
from supervisor import stop_on_sigterm

warnings.filterwarnings("ignore", category=DeprecationWarning)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import asyncore  # stdlib up to Python 3.11, as Odoo 19 runs here
    import smtpd
SMTP_PORT = 2526
REMINDER_CRON = "sparklife_aftersales.ir_cron_remind_return"


def parse():
    parser = run.load_parser()
    parser.add_argument("--port", type=int, default=8079)
    parser.add_argument("--pg-bin", required=True, help="PostgreSQL's programs")
    parser.add_argument("--pgdata", required=True, help="the cluster restarted")
    parser.add_argument(
        "--reminders", type=int, default=1000, help="due during fault 3"
    )
    parser.add_argument(
        "--pg-down", type=float, default=5, help="seconds PostgreSQL stays down"
    )
    return parser.parse_args()


class Outcome:
    """What a fault found: whether it held, and the forms it sent (whose
    requests the invariants check)."""

    def __init__(self):
        self.held = True
        self.keys = []
        self.figures = {}

    def check(self, ok, sentence):
        print(f"  {'ok    ' if ok else 'BROKEN'} {sentence}")
        self.held = self.held and bool(ok)


def invariants(args, keys=()):
    """The data's invariants, printed; True when all hold."""
    sql_db.close_all()  # connections from before a restart are gone
    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        broken = env["sparklife.aftersales.health"]._check_invariants(list(keys))
    print(
        f"  invariants after it: {'BROKEN: ' + '; '.join(broken[:5]) if broken else 'all hold'}"
    )
    return not broken


def describe(error):
    """An error of this script in one line: its type, message and where."""
    here = pathlib.Path(__file__).name
    frames = [
        f
        for f in traceback.extract_tb(error.__traceback__)
        if f.filename.endswith(here)
    ]
    where = f" (at {here}:{frames[-1].lineno}, in {frames[-1].name})" if frames else ""
    message = str(error).strip().splitlines()
    return f"{type(error).__name__}: {message[0] if message else ''}{where}"


# 1. The mail server down, then back ------------------------------------------------


class Sink(smtpd.SMTPServer):
    """A local SMTP server that keeps the Message-Id of what it receives."""

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), None, decode_data=False)
        self.received = []
        self.recipients = Counter()

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        match = re.search(rb"^Message-Id:\s*(\S+)", data, re.I | re.M)
        self.received.append(match.group(1).decode() if match else None)
        self.recipients.update(rcpttos)


def start_sink():
    sink = Sink(SMTP_PORT)
    threading.Thread(target=asyncore.loop, kwargs={"timeout": 0.2}, daemon=True).start()
    return sink


def use_sink_server(env, active=True):
    """The local SMTP server, first of the outgoing mail servers."""
    server = (
        env["ir.mail_server"]
        .with_context(active_test=False)
        .search([("name", "=", "Load test SMTP")])
    )
    server = server or env["ir.mail_server"].create(
        {"name": "Load test SMTP", "smtp_host": "127.0.0.1", "smtp_port": SMTP_PORT}
    )
    server.write({"sequence": 0, "active": active})
    return server


def mail_server_down_then_back(args, seed, outcome):
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        server = use_sink_server(env)
        tickets = env["helpdesk.ticket"].search(
            [("partner_id.email", "!=", False)], limit=20
        )
        template = env.ref("sparklife_aftersales.mail_template_request_received")
        before = env["mail.mail"].search([]).ids
        template.send_mail_batch(
            tickets.ids, email_values={"mail_server_id": server.id}
        )
        mails = env["mail.mail"].search([("id", "not in", before)])
        cr.commit()
        ids = mails.ids
        # The queue runs while nothing listens on the server's port.
        env["mail.mail"].browse(ids).send()
        env.invalidate_all()
        failed = env["mail.mail"].browse(ids).filtered(lambda m: m.state == "exception")
        print(
            f"  {len(ids)} emails queued; the server is down: {len(failed)} failed, kept"
        )
        requeued = env["mail.mail"]._cron_aftersales_retry_unsent()
        cr.commit()
        print(f"  the addon's job queued {requeued} of them again")
        sink = start_sink()
        print("  the server is back")
        for _ in range(2):  # the queue runs twice: nothing goes twice
            env["mail.mail"].browse(ids).exists().filtered(
                lambda m: m.state == "outgoing"
            ).send()
            env["mail.mail"]._cron_aftersales_retry_unsent()
            cr.commit()
        time.sleep(1)
        sink.close()
        received = [m for m in sink.received if m]
        doubled = len(received) - len(set(received))
        print(
            f"  received {len(received)} emails for {len(ids)} queued: "
            f"{len(ids) - len(set(received))} lost, {doubled} doubled"
        )
        server.active = False
        cr.commit()
    outcome.figures = {"lost": len(ids) - len(set(received)), "doubled": doubled}
    outcome.check(
        len(set(received)) == len(ids) and not doubled,
        "each email received once",
    )


# 2. A worker killed during a form submission -----------------------------------------


def login(session, base, seed, customer):
    page = session.get(f"{base}/web/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{base}/web/login",
        data={
            "login": customer["login"],
            "password": seed["password"],
            "csrf_token": token,
            "redirect": "/my",
        },
    )


def http_workers(server):
    return [
        child
        for child in psutil.Process(server.pid).children()
        if "gevent" not in child.cmdline()  # the websocket worker: "odoo gevent"
    ]


def worker_killed_during_a_form(args, seed, outcome):
    log = run.ROOT / "var" / "log" / f"{args.database}_faults.log"
    server = run.start_odoo(args, log)
    base = f"http://127.0.0.1:{args.port}"
    customer = seed["customers"][-1]
    item = customer["items"][-1]
    try:
        session = requests.Session()
        login(session, base, seed, customer)
        page = session.get(f"{base}/my/aftersales/item/{item}")
        data = {
            "csrf_token": re.search(
                r'name="csrf_token" value="([^"]+)"', page.text
            ).group(1),
            "submission_key": re.search(
                r'name="submission_key" value="([^"]+)"', page.text
            ).group(1),
            "service": "restoration",
            "description": "Replating, please.",
        }
        outcome.keys.append(data["submission_key"])
        url = f"{base}/my/aftersales/item/{item}/request"
        first = {}

        def send():
            try:
                first["status"] = session.post(
                    url, data=data, allow_redirects=False, timeout=30
                ).status_code
            except requests.RequestException as error:
                first["status"] = type(error).__name__

        sender = threading.Thread(target=send)
        sender.start()
        time.sleep(0.05)
        killed = http_workers(server)
        for worker in killed:
            os.kill(worker.pid, signal.SIGKILL)
        sender.join()
        print(
            f"  killed the {len(killed)} workers (HTTP and cron) mid-request; "
            f"the form's answer: {first['status']}"
        )
        # The master starts new workers; the customer sends the form again.
        time.sleep(3)
        retry = session.post(url, data=data, allow_redirects=False, timeout=30)
        print(f"  the customer sends it again: HTTP {retry.status_code}")
    finally:
        run.stop(server)
    with Registry(args.database).cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM helpdesk_ticket WHERE aftersales_submission_key = %s",
            [data["submission_key"]],
        )
        made = cr.fetchone()[0]
    outcome.figures = {"made": made}
    outcome.check(made == 1, f"the form made one request ({made})")


# 3. PostgreSQL restarted under load, during a reminder run ---------------------------


def reminder_items(args, count):
    """``count`` delivered items of as many customers (``faults<n>@example.com``,
    email only) whose return window closes tomorrow, without their reminder:
    seeded at SQL level once, reset on each run. Returns their ids."""
    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM sale_order WHERE name LIKE 'FAULTS/%%'")
        have = cr.fetchone()[0]
        if have < count:
            Product = env["product.product"]
            product = Product.search([("name", "=", "Faults Ring")], limit=1)
            product = product or Product.create(
                {"name": "Faults Ring", "type": "consu", "aftersales_covered": True}
            )
            cr.execute(
                """
                INSERT INTO res_partner (name, complete_name, email, email_normalized,
                                         active, type, lang, autopost_bills,
                                         create_date, write_date)
                SELECT 'Faults Customer ' || n, 'Faults Customer ' || n,
                       'faults' || n || '@example.com', 'faults' || n || '@example.com',
                       true, 'contact', 'en_US', 'ask', now(), now()
                  FROM generate_series(%s, %s) n
                """,
                [have + 1, count],
            )
            cr.execute(
                "UPDATE res_partner SET commercial_partner_id = id"
                " WHERE commercial_partner_id IS NULL"
                " AND name LIKE 'Faults Customer %%'"
            )
            cr.execute(
                """
                INSERT INTO sale_order (name, partner_id, partner_invoice_id,
                                        partner_shipping_id, company_id, currency_id,
                                        date_order, state, picking_policy,
                                        create_date, write_date)
                SELECT 'FAULTS/' || p.id, p.id, p.id, p.id, %(company)s,
                       %(currency)s, now() - interval '30 days', 'sale', 'direct',
                       now(), now()
                  FROM res_partner p
                 WHERE p.name LIKE 'Faults Customer %%'
                   AND NOT EXISTS (SELECT 1 FROM sale_order o WHERE o.partner_id = p.id)
                """,
                {"company": env.company.id, "currency": env.company.currency_id.id},
            )
            cr.execute(
                """
                INSERT INTO sale_order_line (order_id, product_id, name,
                    product_uom_qty, price_unit, customer_lead, company_id,
                    currency_id, order_partner_id, aftersales_owner_id, state, is_aftersales_item,
                    aftersales_purchase_date, aftersales_received_date, aftersales_warranty_end,
                    aftersales_return_end, aftersales_free_resizes_allowed,
                    aftersales_free_resizes_used,
                    aftersales_free_resizes_remaining, create_date, write_date)
                SELECT o.id, %(product)s, 'Faults Ring', 1, 100, 0, o.company_id,
                       o.currency_id, o.partner_id, o.partner_id, 'sale', true,
                       current_date - 30, current_date - 28,
                       current_date + 700, current_date + 1, 0, 0, 0, now(), now()
                  FROM sale_order o
                 WHERE o.name LIKE 'FAULTS/%%'
                   AND NOT EXISTS (SELECT 1 FROM sale_order_line l WHERE l.order_id = o.id)
                """,
                {"product": product.id},
            )
            cr.execute("ANALYZE sale_order_line")
        cr.execute(
            """
            SELECT line.id FROM sale_order_line line
              JOIN sale_order o ON o.id = line.order_id
             WHERE o.name LIKE 'FAULTS/%%' ORDER BY line.id LIMIT %s
            """,
            [count],
        )
        ids = [row[0] for row in cr.fetchall()]
        # Each run starts from the same state: no reminder yet, the window
        # closing tomorrow (the company's day), no email of theirs queued.
        cr.execute(
            "DELETE FROM sparklife_aftersales_reminder WHERE sale_line_id = ANY(%s)",
            [ids],
        )
        cr.execute(
            """
            DELETE FROM mail_mail WHERE id IN (
                SELECT rel.mail_mail_id FROM mail_mail_res_partner_rel rel
                  JOIN res_partner p ON p.id = rel.res_partner_id
                 WHERE p.name LIKE 'Faults Customer %%')
            """
        )
        today = env.company._aftersales_today()
        cr.execute(
            """
            UPDATE sale_order_line line
               SET aftersales_return_end = CASE WHEN line.id = ANY(%s) THEN %s::date + 1
                                     ELSE %s::date - 1 END
              FROM sale_order o
             WHERE o.id = line.order_id AND o.name LIKE 'FAULTS/%%'
            """,
            [ids, today, today],
        )
        # The job waits for its cue (then runs every minute, as the load
        # test makes it: a run that fails is tried again a minute later).
        env.ref(REMINDER_CRON).nextcall = "2999-01-01 00:00:00"
        use_sink_server(env)
        env["ir.config_parameter"].set_param("mail.catchall.domain", "example.com")
        cr.commit()
    return ids


def connect(args):
    return psycopg2.connect(
        host=config["db_host"],
        port=config["db_port"],
        user=config["db_user"],
        password=config["db_password"],
        dbname=args.database,
        connect_timeout=2,
    )


def reminders_claimed(args, ids):
    """How many of ``ids`` have their reminder, or None while the database
    does not answer."""
    try:
        with connect(args) as cnx, cnx.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM sparklife_aftersales_reminder"
                " WHERE sale_line_id = ANY(%s)",
                [ids],
            )
            count = cr.fetchone()[0]
        cnx.close()
        return count
    except psycopg2.Error:
        return None


class Prober(threading.Thread):
    """Asks for a customer's *My after-sales* four times a second and keeps
    when it was answered (while the database is down, Odoo answers 404 or
    500, or not at all)."""

    def __init__(self, session, url):
        super().__init__(daemon=True)
        self.session = session
        self.url = url
        self.samples = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            at = time.monotonic()
            try:
                answer = self.session.get(self.url, timeout=5, allow_redirects=False)
                ok = answer.status_code == 200
            except requests.RequestException:
                ok = False
            self.samples.append((at, ok))
            self.stopping.wait(0.25)

    def outage(self, since):
        """The first stretch of unanswered probes after ``since``: (start,
        end), end None when it never ended; None when all were answered."""
        start = None
        for at, ok in self.samples:
            if at < since:
                continue
            if not ok and start is None:
                start = at
            elif ok and start is not None:
                return start, at
        return (start, None) if start is not None else None


def restart_postgresql(args):
    """Stop PostgreSQL (fast: its connections are cut), leave it down for
    ``--pg-down`` seconds (a restart of a loaded server, a failover), start
    it again."""
    pg_ctl = [f"{args.pg_bin}/pg_ctl", "-D", args.pgdata, "-w", "-s"]
    if os.geteuid() == 0:  # PostgreSQL runs as postgres
        pg_ctl = ["runuser", "-u", "postgres", "--", *pg_ctl]
    subprocess.run([*pg_ctl, "-m", "fast", "stop"], check=True)
    time.sleep(args.pg_down)
    subprocess.run(
        [*pg_ctl, "-l", f"{args.pgdata}/server.log", "start"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def outgoing_emails(args):
    try:
        with connect(args) as cnx, cnx.cursor() as cr:
            cr.execute("SELECT count(*) FROM mail_mail WHERE state = 'outgoing'")
            count = cr.fetchone()[0]
        cnx.close()
        return count
    except psycopg2.Error:
        return None


def queue_sent_by_odoo(args, timeout=300):
    """Let Odoo's mail queue job send the queued emails, as in production
    (to the local SMTP server, first of the outgoing servers); the server is
    stopped only once it is done, not in the middle of a sending. Returns
    the emails left."""
    deadline = time.monotonic() + timeout
    left = outgoing_emails(args)
    while left and time.monotonic() < deadline:
        with Registry(args.database).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
            cr.commit()
        time.sleep(10)
        left = outgoing_emails(args)
    return left


def send_queue(args):
    """What is left in the queue (nothing, unless Odoo's mail queue job was
    late), sent by this script once the server is stopped."""
    sql_db.close_all()
    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for _ in range(20):
            if not env["mail.mail"].search_count([("state", "=", "outgoing")]):
                break
            env["mail.mail"].process_email_queue()
            env.invalidate_all()
        use_sink_server(env, active=False)
        cr.commit()


def forms_outcome(args, forms_file):
    """Each form sent: the answers its customer got and the requests made."""
    answers = {}
    if forms_file.exists():
        for line in forms_file.read_text().split("\n"):
            if line.strip():
                key, answer = line.split()
                answers.setdefault(key, []).append(answer)
    made = {}
    if answers:
        with connect(args) as cnx, cnx.cursor() as cr:
            cr.execute(
                "SELECT aftersales_submission_key, count(*) FROM helpdesk_ticket"
                " WHERE aftersales_submission_key = ANY(%s)"
                " GROUP BY aftersales_submission_key",
                [list(answers)],
            )
            made = dict(cr.fetchall())
        cnx.close()
    return answers, made


def postgresql_restarted(args, seed, outcome):
    ids = reminder_items(args, args.reminders)
    sink = start_sink()
    log = run.ROOT / "var" / "log" / f"{args.database}_faults.log"
    offset = log.stat().st_size if log.exists() else 0
    server = run.start_odoo(args, log)
    out = run.ROOT / "var" / "load"
    forms_file = out / "faults_forms.txt"
    for stale in (out / "keys.txt", forms_file):
        stale.unlink(missing_ok=True)
    base = f"http://127.0.0.1:{args.port}"
    prober = Prober(requests.Session(), f"{base}/my/aftersales")
    locust = None
    try:
        login(prober.session, base, seed, seed["customers"][1])
        prober.start()
        locust = subprocess.Popen(
            [
                args.locust,
                "-f",
                str(run.HERE / "locustfile.py"),
                "--headless",
                "--host",
                base,
                "--users",
                "20",
                "--spawn-rate",
                "5",
                "--run-time",
                "120s",
                "--csv",
                str(out / "faults"),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            env=dict(
                os.environ,
                LOAD_SEED=str(pathlib.Path(args.seed).resolve()),
                LOAD_KEYS=str(out / "keys.txt"),
                LOAD_FORMS=str(forms_file),
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(10)
        with Registry(args.database).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cron = env.ref(REMINDER_CRON)
            cron.nextcall = cr.now()
            cron._trigger()
            cr.commit()
        cued = time.monotonic()
        print(
            f"  under load (20 users), the return reminder job is due for {len(ids)} items"
        )
        before = 0
        while time.monotonic() - cued < 180:
            before = reminders_claimed(args, ids) or 0
            if before:
                break
            time.sleep(0.2)
        print(
            f"  its first batch committed after {time.monotonic() - cued:.1f} s: "
            f"{before} reminders claimed"
        )
        started = time.monotonic()
        restart_postgresql(args)
        restarted = time.monotonic() - started
        print(
            f"  PostgreSQL stopped (fast: connections cut), down {args.pg_down:g} s,"
            f" started again: {restarted:.1f} s in all"
        )
        outcome.check(
            0 < before < len(ids), "the restart came while the job was under way"
        )
        # The job resumes: every item claimed, once.
        resumed = None
        claimed = before
        while time.monotonic() - started < 300:
            count = reminders_claimed(args, ids)
            if count is not None and count > before and resumed is None:
                resumed = time.monotonic() - started
            claimed = count if count is not None else claimed
            if claimed >= len(ids):
                break
            time.sleep(0.5)
        done = time.monotonic() - started
        locust.wait(timeout=180)
        page = None
        session = requests.Session()
        login(session, base, seed, seed["customers"][0])
        page = session.get(f"{base}/my/aftersales", timeout=30).status_code
        sql_db.close_all()
        left = queue_sent_by_odoo(args)
        print(f"  Odoo's mail queue sent the emails ({left} left after 5 minutes)")
    finally:
        prober.stopping.set()
        if locust is not None and locust.poll() is None:
            locust.terminate()
            locust.wait()
        run.stop(server)
    # What the server did.
    text = log.read_text(errors="replace")[offset:]
    forcefully = text.count("Stopping forcefully")
    if server.exits:
        for stop in server.exits:
            came_back = (
                f"the supervisor started it again {stop['restarted'] - stop['at']:.1f} s later"
                if stop["restarted"]
                else "it was not started again"
            )
            print(
                f"  Odoo's server stopped (exit status {stop['status']}) "
                f"{stop['at'] - started:+.1f} s after the restart began; {came_back}"
            )
    else:
        print("  Odoo's server kept running: its workers reconnected by themselves")
    if forcefully:
        print(f'  its log says "Stopping forcefully" {forcefully} time(s)')
    window = prober.outage(started - 1)
    downtime = None
    if window:
        downtime = window[1] - window[0] if window[1] else None
        print(
            f"  pages unanswered from {window[0] - started:+.1f} s "
            + (
                f"to {window[1] - started:+.1f} s: {downtime:.1f} s of downtime"
                if window[1]
                else "until the end"
            )
        )
    else:
        print("  every page answered (no downtime seen)")
    outcome.check(window is None or window[1] is not None, "the pages answer again")
    outcome.check(page == 200, f"a customer's page after it answers (HTTP {page})")
    rows = list(csv.DictReader(open(out / "faults_stats.csv")))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    kinds = Counter()
    failures = out / "faults_failures.csv"
    if failures.exists():
        for row in csv.DictReader(open(failures)):
            status = re.search(r"\b([45]\d\d)\b", row["Error"])
            error = f"HTTP {status.group(1)}" if status else "no connection"
            kinds[error] += int(row["Occurrences"])
    print(
        f"  {total['Request Count']} requests during the load, "
        f"{total['Failure Count']} failed"
        + (
            ": " + ", ".join(f"{n} {e}" for e, n in kinds.most_common(3))
            if kinds
            else ""
        )
    )
    # The forms: made exactly once, or refused with an error shown.
    answers, made = forms_outcome(args, forms_file)
    accepted = [k for k, a in answers.items() if any(x in ("302", "303") for x in a)]
    refused = [k for k in answers if k not in accepted]
    lost = [k for k in accepted if made.get(k, 0) == 0]
    doubled = [k for k in answers if made.get(k, 0) > 1]
    refused_made = [k for k in refused if made.get(k, 0) == 1]
    print(
        f"  forms sent: {len(answers)}; {len(accepted)} accepted and made once"
        f" ({len(lost)} lost), {len(refused)} answered with an error the customer"
        f" saw ({len(refused_made)} of them made once all the same, "
        f"{len(refused) - len(refused_made) - len([k for k in refused if k in doubled])} not made);"
        f" {len(doubled)} made twice"
    )
    outcome.check(not lost and not doubled, "each form made once or refused")
    outcome.keys = sorted(accepted)
    # The reminders: one ledger row per item, one email per customer.
    send_queue(args)
    time.sleep(1)
    sink.close()
    with connect(args) as cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT count(*), count(DISTINCT sale_line_id)"
            " FROM sparklife_aftersales_reminder WHERE sale_line_id = ANY(%s)",
            [ids],
        )
        rows_count, items = cr.fetchone()
        cr.execute(
            "SELECT p.email FROM sale_order_line line"
            " JOIN res_partner p ON p.id = line.order_partner_id"
            " WHERE line.id = ANY(%s)",
            [ids],
        )
        addresses = [row[0] for row in cr.fetchall()]
    cnx.close()
    once = sum(1 for a in addresses if sink.recipients[a] == 1)
    twice = sum(1 for a in addresses if sink.recipients[a] > 1)
    print(
        f"  the job: {before} claimed before the restart, "
        + (
            f"resumed {resumed:.1f} s after it began, "
            if resumed
            else "did not resume, "
        )
        + f"all claimed {done:.1f} s after it ({claimed} of {len(ids)})"
    )
    print(
        f"  reminders: {rows_count} ledger rows for {items} of {len(ids)} items; "
        f"emails received: {once} customers once, {twice} twice, "
        f"{len(ids) - once - twice} none"
    )
    outcome.check(
        rows_count == items == len(ids) and once == len(ids),
        "each reminder sent once",
    )
    outcome.figures = {
        "stopped": bool(server.exits),
        "downtime": downtime,
        "failed": f"{total['Failure Count']}/{total['Request Count']}",
        "forms": f"{len(accepted)} made, {len(refused)} refused, {len(lost)} lost, {len(doubled)} doubled",
        "reminders": f"{once}/{len(ids)} once",
    }


FAULTS = (
    (
        "the outgoing mail server is down while emails are sent",
        mail_server_down_then_back,
    ),
    (
        "a worker is killed while a request form is submitted",
        worker_killed_during_a_form,
    ),
    (
        "PostgreSQL is restarted under load, during a reminder run",
        postgresql_restarted,
    ),
)


def main():
    args = parse()
    stop_on_sigterm()
    config.parse_config(["-c", args.config, "-d", args.database])
    load_server_wide_modules()
    seed = json.loads(pathlib.Path(args.seed).read_text())
    held = []
    for number, (title, fault) in enumerate(FAULTS, 1):
        print(f"fault {number}: {title}")
        outcome = Outcome()
        try:
            fault(args, seed, outcome)
        except Exception as error:  # the fault's outcome, whatever it is
            print(f"  FAILED: the fault test could not go on: {describe(error)}")
            outcome.held = False
        try:
            outcome.held = invariants(args, outcome.keys) and outcome.held
        except Exception as error:
            print(f"  FAILED: the invariants could not be checked: {describe(error)}")
            outcome.held = False
        print(f"  => {'survived' if outcome.held else 'NOT SURVIVED'}")
        held.append(outcome.held)
    print("faults survived" if all(held) else "A FAULT WAS NOT SURVIVED")
    sys.exit(0 if all(held) else 1)


if __name__ == "__main__":
    main()
