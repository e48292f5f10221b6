"""Faults survived, run by ``bin/bench --faults`` on the load test's seeded
database. Each fault prints what was done, what happened, and the
invariants of the data after it (bench/load/invariants.py's check):

1. The outgoing mail server is down while emails are sent, then comes back:
   a local SMTP server this script controls. Odoo marks the emails it could
   not hand over as failed; the addon's job queues them again; once the
   server is back each email goes exactly once (counted by Message-Id on the
   server), none lost, none doubled.
2. A worker process is killed (SIGKILL) while a customer's request form is
   being submitted, on Odoo in multi-process mode; the customer sends the
   form again (the same form, as a retry does): one request, not two.
3. PostgreSQL is restarted in the middle of a load (Locust, 40 s): the
   workers reconnect (the pages answer again after it), no request is lost
   or half made.

    .venv/bin/python bench/load/faults.py --config var/odoo.conf \\
        --database sparklife_load --seed var/load/seed.json \\
        --locust .venv-load/bin/locust
"""

import argparse
import asyncore  # stdlib up to Python 3.11, as Odoo 19 runs here
import json
import os
import pathlib
import re
import signal
import smtpd
import subprocess
import sys
import threading
import time
import warnings

import psutil
import requests

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service.server import load_server_wide_modules
from odoo.tools import config

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import run

warnings.filterwarnings("ignore", category=DeprecationWarning)
SMTP_PORT = 2526


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--locust", required=True)
    parser.add_argument("--port", type=int, default=8079)
    return parser.parse_args()


def invariants(args, keys=()):
    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        broken = env["sparklife.aftersales.health"]._check_invariants(list(keys))
    print(
        f"  invariants after it: {'BROKEN: ' + '; '.join(broken) if broken else 'all hold'}"
    )
    return not broken


# 1. The mail server down, then back ------------------------------------------------


class Sink(smtpd.SMTPServer):
    """A local SMTP server that keeps the Message-Id of what it receives."""

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), None, decode_data=False)
        self.received = []

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        match = re.search(rb"^Message-Id:\s*(\S+)", data, re.I | re.M)
        self.received.append(match.group(1).decode() if match else None)


def mail_server_down_then_back(args):
    print("fault 1: the outgoing mail server is down while emails are sent")
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        server = env["ir.mail_server"].search([("name", "=", "Load test SMTP")])
        server = server or env["ir.mail_server"].create(
            {"name": "Load test SMTP", "smtp_host": "127.0.0.1", "smtp_port": SMTP_PORT}
        )
        server.write({"sequence": 0, "active": True})
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
        sink = Sink(SMTP_PORT)
        loop = threading.Thread(
            target=asyncore.loop, kwargs={"timeout": 0.2}, daemon=True
        )
        loop.start()
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
        ok = len(set(received)) == len(ids) and not doubled
    return invariants(args) and ok


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


def worker_killed_during_a_form(args, seed):
    print("fault 2: a worker is killed while a request form is submitted")
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
    print(f"  requests made by the form: {made} (one expected)")
    return invariants(args, [data["submission_key"]]) and made == 1


# 3. PostgreSQL restarted during the load ---------------------------------------------


def postgresql_restarted(args, seed):
    print("fault 3: PostgreSQL is restarted in the middle of a load")
    log = run.ROOT / "var" / "log" / f"{args.database}_faults.log"
    server = run.start_odoo(args, log)
    out = run.ROOT / "var" / "load"
    (out / "keys.txt").unlink(missing_ok=True)
    env = dict(
        os.environ,
        LOAD_SEED=str(pathlib.Path(args.seed).resolve()),
        LOAD_KEYS=str(out / "keys.txt"),
    )
    try:
        locust = subprocess.Popen(
            [
                args.locust,
                "-f",
                str(run.HERE / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--users",
                "20",
                "--spawn-rate",
                "5",
                "--run-time",
                "40s",
                "--csv",
                str(out / "faults"),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(15)
        started = time.monotonic()
        subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True)
        print(
            f"  PostgreSQL restarted in {time.monotonic() - started:.1f} s, under load"
        )
        locust.wait(timeout=120)
        health = requests.get(f"http://127.0.0.1:{args.port}/web/health", timeout=10)
        session = requests.Session()
        login(session, f"http://127.0.0.1:{args.port}", seed, seed["customers"][0])
        page = session.get(f"http://127.0.0.1:{args.port}/my/aftersales", timeout=30)
        print(
            f"  after it: /web/health {health.status_code}, "
            f"a customer's page {page.status_code}"
        )
        rows = list(__import__("csv").DictReader(open(out / "faults_stats.csv")))
        total = next(r for r in rows if r["Name"] == "Aggregated")
        print(
            f"  {total['Request Count']} requests during the load, "
            f"{total['Failure Count']} failed (while the database was restarting)"
        )
    finally:
        run.stop(server)
    keys_file = out / "keys.txt"
    keys = keys_file.read_text().split() if keys_file.exists() else []
    return invariants(args, sorted(set(keys))) and page.status_code == 200


def main():
    args = parse()
    config.parse_config(["-c", args.config, "-d", args.database])
    load_server_wide_modules()
    seed = json.loads(pathlib.Path(args.seed).read_text())
    results = [
        mail_server_down_then_back(args),
        worker_killed_during_a_form(args, seed),
        postgresql_restarted(args, seed),
    ]
    print("faults survived" if all(results) else "A FAULT WAS NOT SURVIVED")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
