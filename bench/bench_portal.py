"""How fast the customer portal page "My after-sales" answers, against
Odoo's own "My orders" for the same customer.

Seeds through the ORM, once (committed and kept for later runs), a portal
customer per item count (``bench_portal_care_10`` and ``bench_portal_care_50``,
password ``bench_portal_pw``), each with one confirmed order per item of one
ring (adjustable one time in two) and its Sparklife Care plan (so the page
shows a plan on every item), delivered three days after the purchase; the
purchases are spread over the last 15 months, so the page shows items inside
and past their return, free resize and warranty windows.

Then starts an Odoo HTTP server on the bench database (a free port, no cron,
``--log-level=info``), logs in as each customer, warms both pages and requests
each of them R times. The server time (query time + the rest) and the query
count of every request come from the request line Odoo logs::

    "GET /my/orders HTTP/1.1" 200 - <queries> <query time> <remaining time>

Prints per page and item count the rows the page shows (its links to an
order or an item), the median server and client times and the queries; then
the time ratio after-sales / orders for the same customer (target: at most
1.2×) and the query ratio 50 items / 10 items of each page (target for "My
after-sales": 1.0×, the count does not grow with the items). A missed target
is printed, not raised: a benchmark informs, it does not fail.

``--sql`` runs a server logging every query instead, requests each page once
per customer and prints the queries that ran more than once in a request:
where a count that grows with the items comes from.

    bin/bench [N]          (creates the sparklife_bench database first)
    .venv/bin/python bench/bench_portal.py --config var/odoo.conf \\
        --database sparklife_bench [--requests 30] [--sql]
"""

import dataclasses
import datetime as dt
import pathlib
import re
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager

import requests
from benchlib import open_registry, parser, report_ratio, superuser_env
from freezegun import freeze_time

from odoo import fields
from odoo.fields import Command

ROOT = pathlib.Path(__file__).resolve().parent.parent
PASSWORD = "bench_portal_pw"
PAGES = ("/my/orders", "/my/aftersales")
# The link of each row of the page: the rows it shows.
ROWS = {
    "/my/orders": re.compile(r'href="/my/orders/(\d+)'),
    "/my/aftersales": re.compile(r'href="/my/aftersales/item/(\d+)'),
}
SPREAD_DAYS = 450
TIME_TARGET = 1.2
PAGE_SIZE = 20  # the fewest rows a page of "My after-sales" may show
ANSI = re.compile(r"\x1b\[[0-9;]*m")
RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>[\w.]+): (?P<message>.*)$"
)
REQUEST = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<code>\d{3}) \S+'
    r"(?: (?P<queries>\d+|-) (?P<query_time>[\d.]+|-) (?P<remaining>[\d.]+|-))?"
)
QUERY = re.compile(r"^\[[\d.]+ ms\] query: (?P<sql>.*)$", re.DOTALL)


def parse():
    cli = parser(__doc__)
    cli.add_argument("--items", type=int, nargs="+", default=[10, 50])
    cli.add_argument("--requests", type=int, default=30)
    cli.add_argument("--warm", type=int, default=3)
    cli.add_argument("--port", type=int, default=0, help="0: a free port")
    cli.add_argument(
        "--sql", action="store_true", help="log the queries, print the repeated ones"
    )
    return cli.parse_args()


def seed(env, items):
    """A portal customer with ``items`` delivered rings, one order each;
    returns its login. Kept from one run to the next."""
    login = f"bench_portal_care_{items}"
    if (
        env["res.users"]
        .with_context(active_test=False)
        .search_count([("login", "=", login)])
    ):
        return login
    started = time.perf_counter()
    env.company.partner_id.tz = "Europe/Paris"
    user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": f"Bench Portal Customer ({items} items)",
                "login": login,
                "password": PASSWORD,
                "email": f"{login}@example.com",
                "group_ids": [Command.set([env.ref("base.group_portal").id])],
            }
        )
    )
    rings = [ring(env, "Bench Portal Ring", True), ring(env, "Bench Eternity Ring")]
    care = env.ref("sparklife_aftersales.care_template_5_years")
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    now = fields.Datetime.now()
    for k in range(items):
        purchase = now - dt.timedelta(days=1 + k * SPREAD_DAYS // items)
        with freeze_time(purchase):
            order = env["sale.order"].create(
                {
                    "partner_id": user.partner_id.id,
                    "warehouse_id": warehouse.id,
                    "order_line": [
                        Command.create(
                            {"product_id": rings[k % 2].id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
            # Every piece is sold with its Sparklife Care plan.
            order.order_line = [
                Command.create(
                    {
                        "product_id": care.product_id.id,
                        "aftersales_care_item_id": order.order_line.id,
                    }
                )
            ]
            order.action_confirm()
        deliver(order, min(purchase + dt.timedelta(days=3), now))
    env.cr.commit()
    print(
        f"seeded {login}: {items} delivered items in "
        f"{time.perf_counter() - started:.1f} s (ORM)"
    )
    return login


def ring(env, name, adjustable=False):
    Product = env["product.product"]
    return Product.search([("name", "=", name)], limit=1) or Product.create(
        {
            "name": name,
            "type": "consu",
            "aftersales_covered": True,
            "aftersales_adjustable": adjustable,
        }
    )


def deliver(order, at):
    """Validate the order's deliveries at ``at``, as the tests do."""
    pickings = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
    with freeze_time(at):
        pickings.action_assign()
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        pickings.with_context(skip_backorder=True, skip_sms=True).button_validate()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def odoo_server(args, logfile, log_options):
    """An Odoo HTTP server on the bench database, stopped on the way out."""
    port = args.port or free_port()
    logfile.parent.mkdir(parents=True, exist_ok=True)
    logfile.write_text("")
    command = [
        sys.executable,
        "-m",
        "odoo",
        "server",
        "-c",
        args.config,
        "-d",
        args.database,
        f"--db-filter=^{re.escape(args.database)}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        "--workers=0",
        "--max-cron-threads=0",
        f"--logfile={logfile}",
        *log_options,
    ]
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the Odoo server stopped, see {logfile}")
            try:
                if requests.get(f"{base}/web/login", timeout=30).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Odoo server did not answer, see {logfile}")
            time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class LogTail:
    """The records the server logged since the last call, one per entry
    (a multi-line record, such as a query, is one entry)."""

    def __init__(self, path):
        self.file = open(path, encoding="utf-8", errors="replace")
        self.file.seek(0, 2)
        self.rest = ""  # a line the server is still writing

    def records(self):
        records = []
        text = self.rest + self.file.read()
        text, _newline, self.rest = text.rpartition("\n")
        for line in text.splitlines():
            line = ANSI.sub("", line)
            match = RECORD.match(line)
            if match:
                records.append(match.groupdict())
            elif records:
                records[-1]["message"] += "\n" + line
        return records

    def close(self):
        self.file.close()


def log_in(base, login):
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{base}/web/login",
        data={"login": login, "password": PASSWORD, "csrf_token": token},
        timeout=30,
    )
    if not session.cookies.get("session_id") or "/web/login" in answer.url:
        raise RuntimeError(f"cannot log in as {login}")
    return session


@dataclasses.dataclass
class Answer:
    code: int
    rows: int
    client: float
    server: float | None  # None when the request line has no figures
    queries: int | None
    sql: list


def fetch(session, base, path, tail):
    """One request, with what the server logged about it."""
    tail.records()
    started = time.perf_counter()
    answer = session.get(f"{base}{path}", allow_redirects=False, timeout=60)
    client = time.perf_counter() - started
    deadline = time.monotonic() + 2
    logged = []
    while True:
        logged += tail.records()
        lines = [
            match
            for record in logged
            if record["logger"] == "werkzeug"
            and (match := REQUEST.search(record["message"]))
            and match["path"] == path
        ]
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    queries = [
        match["sql"]
        for record in logged
        if record["logger"] == "odoo.sql_db"
        and (match := QUERY.match(record["message"]))
    ]
    line = lines[0] if lines else None
    if line and line["queries"] not in (None, "-"):
        server = float(line["query_time"]) + float(line["remaining"])
        count = int(line["queries"])
    else:
        server, count = None, None
    rows = len(set(ROWS[path].findall(answer.text)))
    return Answer(answer.status_code, rows, client, server, count, queries)


def measure(args, base, tail, customers):
    """Median times and query counts per (page, items)."""
    results = {}
    for items, login in customers.items():
        session = log_in(base, login)
        for _ in range(args.warm):
            for path in PAGES:
                fetch(session, base, path, tail)
        runs = {path: [] for path in PAGES}
        for _ in range(args.requests):
            for path in PAGES:
                runs[path].append(fetch(session, base, path, tail))
        for path, answers in runs.items():
            servers = [a.server for a in answers if a.server is not None]
            results[path, items] = {
                "codes": Counter(a.code for a in answers),
                "rows": min(a.rows for a in answers),
                "client": statistics.median(a.client for a in answers),
                "server": statistics.median(servers) if servers else None,
                "queries": sorted({a.queries for a in answers if a.queries}),
            }
    return results


def spread(counts):
    """A query count, or its range when it changed between requests."""
    if not counts:
        return "-"
    return f"{counts[0]}" if counts[0] == counts[-1] else f"{counts[0]}-{counts[-1]}"


def show(results, item_counts):
    print(
        f"{'page':<16}{'items':>6}{'HTTP':>6}{'rows':>6}{'server':>11}"
        f"{'client':>11}{'queries':>9}"
    )
    for items in item_counts:
        for path in PAGES:
            row = results[path, items]
            codes = ",".join(str(code) for code in sorted(row["codes"]))
            server = f"{row['server'] * 1000:.1f}ms" if row["server"] else "-"
            print(
                f"{path:<16}{items:>6}{codes:>6}{row['rows']:>6}{server:>11}"
                f"{row['client'] * 1000:>9.1f}ms{spread(row['queries']):>9}"
            )
    print()
    ours, theirs = PAGES[1], PAGES[0]
    fewest, most = min(item_counts), max(item_counts)
    missed = [
        f"{ours} shows {results[ours, items]['rows']} of {items} items"
        for items in item_counts
        if results[ours, items]["rows"] < min(items, PAGE_SIZE)
    ]
    if any(
        set(results[ours, items]["codes"]) != {200}
        or not results[ours, items]["server"]
        for items in item_counts
    ):
        missed.insert(0, f"{ours} does not answer")
        print("TARGET MISSED: " + "; ".join(missed))
        return
    for items in item_counts:
        ratio = results[ours, items]["server"] / results[theirs, items]["server"]
        label = f"time after-sales / orders, {items} items"
        if items != most:
            print(f"{label}: {ratio:.2f}×")
        elif not report_ratio(label, ratio, TIME_TARGET):
            missed.append(f"time {ratio:.2f}× the orders' with {items} items")
    if fewest != most:
        for path in PAGES:
            low = results[path, fewest]["queries"]
            high = results[path, most]["queries"]
            if not low or not high:
                continue
            target = " (target: 1.00×)" if path == ours else ""
            print(
                f"queries {most} items / {fewest} items, {path}: {high[-1]} / "
                f"{low[-1]} = {high[-1] / low[-1]:.2f}×{target}"
            )
            if path == ours and high[-1] > low[-1]:
                missed.append(
                    f"queries grow from {low[-1]} to {high[-1]} "
                    f"(run with --sql to see which)"
                )
    print("TARGET MISSED: " + "; ".join(missed) if missed else "target met")


def show_repeated(base, tail, customers):
    """Each page once per customer, and the queries run more than once in it
    (literals replaced by ?, so one query per row shows as one line)."""
    for items, login in customers.items():
        session = log_in(base, login)
        for path in PAGES:
            fetch(session, base, path, tail)  # templates compiled, caches filled
            answer = fetch(session, base, path, tail)
            shapes = Counter(
                re.sub(r"'[^']*'|\b\d+(\.\d+)?\b", "?", " ".join(sql.split()))
                for sql in answer.sql
            )
            print(
                f"{path} with {items} items: HTTP {answer.code}, {answer.rows} "
                f"rows, {len(answer.sql)} queries"
            )
            for shape, times in shapes.most_common():
                if times > 1:
                    print(f"  {times:>4}× {shape[:400]}")
        print()


def main():
    args = parse()
    registry = open_registry(args)
    with superuser_env(registry) as env:
        customers = {items: seed(env, items) for items in sorted(set(args.items))}
    logfile = ROOT / "var" / "log" / f"{args.database}_portal.log"
    log_options = ["--log-level=info"]
    if args.sql:
        log_options.append("--log-sql")
    with odoo_server(args, logfile, log_options) as base:
        tail = LogTail(logfile)
        try:
            if args.sql:
                show_repeated(base, tail, customers)
            else:
                print(
                    f"{args.requests} requests per page and customer, after "
                    f"{args.warm} to warm up; server time and queries from the "
                    "server's request log\n"
                )
                show(measure(args, base, tail, customers), list(customers))
        finally:
            tail.close()


if __name__ == "__main__":
    main()
