"""How fast the scheduled jobs go through 100,000 purchased items.

Seeds N sale order lines at SQL level (purchase dates spread over three years,
every item delivered, one customer per 10 lines, with an email and a phone),
then for each reminder kind and for the job that closes lapsed authorizations:

* the lower bound: one bare SQL query selecting the same due rows;
* the job's own selection (the ORM domain it builds, per company);
* the whole job: claiming each reminder, queuing its email and SMS in the
  customer's language, logging it on the order, committing every batch.

Prints rows/second, queries per batch, the ratios to the lower bound, what
a warranty reminder (email, SMS, ledger row, note on the order) costs per
customer against Odoo's own mass mailing plus mass SMS to the same customers
in the same run (target: at most 1.0×), and the peak Python memory of the job against twice as many due items (it must
stay flat: one batch is in memory at a time). Everything the jobs create is
deleted afterwards; the seeded lines stay for the next run.

    bin/bench [N]          (creates the sparklife_bench database first)
"""

import datetime as dt
import time
import tracemalloc
from contextlib import contextmanager
from unittest.mock import patch

from benchlib import open_registry, parser, report_ratio, superuser_env

from odoo.fields import Domain
from odoo.tools import SQL

KINDS = ("free_resize", "return", "warranty")
TABLES_MADE_BY_JOBS = (
    "mailing_trace",
    "mailing_mailing",
    "sparklife_aftersales_reminder",
    "mail_mail",
    "mail_message",
    "sms_sms",
)


def parse():
    cli = parser(__doc__)
    cli.add_argument("--lines", type=int, default=100_000)
    cli.add_argument("--batch", type=int, default=500)
    return cli.parse_args()


def seed(env, count):
    """``count`` delivered jewelry items, one per confirmed order, bought by
    ``count // 10`` customers, at SQL level. A customer's ten purchases are
    spread over the three years: the items that come due on a day belong to
    as many customers."""
    cr = env.cr
    cr.execute("SELECT COUNT(*) FROM sale_order WHERE name LIKE 'BENCH/%%'")
    existing_orders = cr.fetchone()[0]
    if existing_orders >= count:
        return
    if existing_orders:
        raise SystemExit(
            f"{env.cr.dbname} holds {existing_orders:,} bench orders, fewer than"
            f" {count:,} or seeded as ten items per order: drop it to seed again"
        )
    started = time.perf_counter()
    product = env["product.product"].create(
        {
            "name": "Bench Ring",
            "type": "consu",
            "aftersales_covered": True,
            "aftersales_adjustable": True,
        }
    )
    company = env.company
    company.partner_id.tz = "Europe/Paris"
    customers = count // 10
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, email, email_normalized,
                                 phone, phone_sanitized, active, type, lang,
                                 autopost_bills, create_date, write_date)
        SELECT 'Bench Customer ' || n, 'Bench Customer ' || n,
               'bench' || n || '@example.com', 'bench' || n || '@example.com',
               '+3361' || lpad(n::text, 7, '0'), '+3361' || lpad(n::text, 7, '0'),
               true, 'contact', 'en_US', 'ask', now(), now()
          FROM generate_series(1, %s) n
        """,
        [customers],
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id"
        " WHERE commercial_partner_id IS NULL AND name LIKE 'Bench Customer %%'"
    )
    cr.execute(
        """
        WITH customer AS (
            SELECT id, row_number() OVER (ORDER BY id) - 1 AS k
              FROM res_partner WHERE name LIKE 'Bench Customer %%'
        )
        INSERT INTO sale_order (name, partner_id, partner_invoice_id,
                                partner_shipping_id, company_id, currency_id,
                                date_order, state, picking_policy,
                                create_date, write_date)
        SELECT 'BENCH/' || n, c.id, c.id, c.id, %(company)s, %(currency)s,
               now() - (n %% 1095) * interval '1 day',
               'sale', 'direct', now(), now()
          FROM generate_series(1, %(count)s) n
          JOIN customer c ON c.k = (n - 1) %% %(customers)s
         ORDER BY n
        """,
        {
            "company": company.id,
            "currency": company.currency_id.id,
            "count": customers * 10,
            "customers": customers,
        },
    )
    cr.execute(
        """
        INSERT INTO sale_order_line (order_id, product_id, name, product_uom_qty,
            price_unit, customer_lead, company_id, currency_id, order_partner_id, aftersales_owner_id,
            state, is_aftersales_item, aftersales_purchase_date, aftersales_received_date,
            aftersales_warranty_end, aftersales_free_resize_end, aftersales_return_end,
            aftersales_free_resizes_allowed, aftersales_free_resizes_used,
            aftersales_free_resizes_remaining, create_date, write_date)
        SELECT o.id, %(product)s, 'Bench Ring', 1, 100, 0, o.company_id,
               o.currency_id, o.partner_id, o.partner_id, 'sale', true, d.day, d.day + 3,
               d.day + interval '12 month', d.day + interval '3 month',
               d.day + 33, 1, 0, 1, now(), now()
          FROM sale_order o
          CROSS JOIN LATERAL (
              SELECT ((o.date_order AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Paris')::date
                     AS day
          ) d
         WHERE o.name LIKE 'BENCH/%%'
         ORDER BY o.id
        """,
        {"product": product.id},
    )
    # Requests on one line in ten: returns authorized and free resizes
    # approved over the last 60 days, nine in ten of them received in time.
    cr.execute(
        """
        INSERT INTO helpdesk_ticket (number, name, description, company_id,
            partner_id, commercial_partner_id, aftersales_sale_line_id, aftersales_service,
            aftersales_requested_on, aftersales_return_authorized_on, aftersales_approved_on,
            aftersales_used_free_resize, aftersales_inbound_received_date, active,
            rating_status, create_date, write_date)
        SELECT 'BENCH-T' || l.id, 'Bench request', '<p>Bench</p>', l.company_id,
               l.order_partner_id, l.order_partner_id, l.id,
               CASE WHEN l.id % 2 = 0 THEN 'return_satisfaction' ELSE 'resize' END,
               now() - (l.id % 60) * interval '1 day',
               CASE WHEN l.id % 2 = 0 THEN now() - (l.id % 60) * interval '1 day' END,
               CASE WHEN l.id % 2 = 1 THEN now() - (l.id % 60) * interval '1 day' END,
               l.id % 2 = 1,
               CASE WHEN l.id % 100 < 90 THEN (now() - (l.id % 60) * interval '1 day')::date + 2 END,
               true, 'no_rate', now(), now()
          FROM sale_order_line l
          JOIN sale_order o ON o.id = l.order_id
         WHERE o.name LIKE 'BENCH/%' AND l.id % 10 = 0
        """
    )
    cr.execute("ANALYZE sale_order_line")
    cr.execute("ANALYZE helpdesk_ticket")
    cr.commit()
    print(
        f"seeded {customers * 10:,} lines in {time.perf_counter() - started:.1f} s "
        "(SQL level)"
    )


def high_water(cr):
    marks = {}
    for table in TABLES_MADE_BY_JOBS:
        cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table)))
        marks[table] = cr.fetchone()[0]
    return marks


def clean(cr, marks):
    for table, last in marks.items():
        cr.execute(SQL("DELETE FROM %s WHERE id > %s", SQL.identifier(table), last))
    cr.commit()


def emails_since(cr, marks):
    cr.execute("SELECT count(*) FROM mail_mail WHERE id > %s", [marks["mail_mail"]])
    return cr.fetchone()[0]


def reminded_partners(cr, marks):
    """The customers the reminder emails since ``marks`` went to."""
    cr.execute(
        """
        SELECT DISTINCT rel.res_partner_id
          FROM mail_mail_res_partner_rel rel
         WHERE rel.mail_mail_id > %s
        """,
        [marks["mail_mail"]],
    )
    return [row[0] for row in cr.fetchall()]


#: What Odoo's mass mailing sends to each customer, per kind of mailing:
#: the model of the messages it queues and the mailing's content (a body
#: like a reminder's: the customer's name and a sentence).
MASS_MAILINGS = {
    "mail": (
        "mail.mail",
        {
            "subject": "Bench mailing",
            "body_html": '<p>Hello <t t-out="object.name"/>, your piece is still'
            " covered by its warranty: tell us before it ends if you noticed any"
            " defect.</p>",
        },
    ),
    "sms": (
        "sms.sms",
        {
            "subject": "Bench SMS",
            "body_plaintext": "Sparklife: your piece is still covered by its "
            "warranty. Tell us before it ends if you noticed any defect.",
        },
    ),
}


def send_mass(env, partner_ids, mailing_type):
    """Odoo's own mass mailing (``mail``) or mass SMS (``sms``) of one
    message to each of ``partner_ids``, queued as the reminders' messages
    are: its time and the messages it made."""
    model, content = MASS_MAILINGS[mailing_type]
    mailing = env["mailing.mailing"].create(
        {
            **content,
            "mailing_model_id": env["ir.model"]._get_id("res.partner"),
            "mailing_domain": repr([("id", "in", partner_ids)]),
            "mailing_type": mailing_type,
        }
    )
    before = env[model].search_count([])
    started = time.perf_counter()
    mailing.action_send_mail()
    env.flush_all()
    seconds = time.perf_counter() - started
    return seconds, env[model].search_count([]) - before


def best_of(runs, func):
    best = float("inf")
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - started)
    return best, result


def bare_sql_due(cr, kind, today):
    spec = {
        "free_resize": (
            "aftersales_free_resize_end",
            14,
            "AND aftersales_free_resizes_remaining > 0",
        ),
        "return": ("aftersales_return_end", 5, ""),
        "warranty": ("aftersales_warranty_end", 30, ""),
    }[kind]
    end, lead, extra = spec
    query = SQL(
        f"""
        SELECT l.id FROM sale_order_line l
         WHERE l.is_aftersales_item AND l.{end} BETWEEN %s AND %s {extra}
           AND NOT EXISTS (SELECT 1 FROM sparklife_aftersales_reminder r
                            WHERE r.sale_line_id = l.id AND r.kind = %s)
        """,
        today,
        today + dt.timedelta(days=lead),
        kind,
    )
    cr.execute(query)
    return [row[0] for row in cr.fetchall()]


def bare_sql_lapsed(cr):
    """Requests whose return or free resize authorization lapsed (grace
    periods of 14 and 30 days), the item never received."""
    cr.execute(
        """
        SELECT id FROM helpdesk_ticket
         WHERE aftersales_inbound_received_date IS NULL AND (
               (aftersales_return_lapsed_on IS NULL
                AND aftersales_return_authorized_on < now() AT TIME ZONE 'UTC' - interval '14 day')
            OR (aftersales_used_free_resize AND aftersales_approval_lapsed_on IS NULL
                AND aftersales_approved_on < now() AT TIME ZONE 'UTC' - interval '30 day'))
        """
    )
    return [row[0] for row in cr.fetchall()]


def lapsed_search(Ticket):
    """What the job selects, through the ORM, with its own domains."""
    returns = Ticket.search(
        Domain("aftersales_return_lapsed_on", "=", False)
        & Ticket._lapsed_domain(
            "aftersales_return_authorized_on", "aftersales_return_grace_days"
        ),
        order="id",
    )
    resizes = Ticket.search(
        Domain("aftersales_used_free_resize", "=", True)
        & Domain("aftersales_approval_lapsed_on", "=", False)
        & Ticket._lapsed_domain(
            "aftersales_approved_on", "aftersales_approval_grace_days"
        ),
        order="id",
    )
    return returns | resizes


@contextmanager
def count_queries(cr):
    counter = {"n": 0}
    execute = type(cr).execute

    def counting(self, *args, **kwargs):
        if self is cr:
            counter["n"] += 1
        return execute(self, *args, **kwargs)

    with patch.object(type(cr), "execute", counting):
        yield counter


def timed_job(cr, job, expected, batch_size):
    """Run ``job`` once; its time and the queries it made per batch."""
    with count_queries(cr) as queries:
        started = time.perf_counter()
        done = job()
        whole = time.perf_counter() - started
    assert done == expected, (done, expected)
    return whole, queries["n"] / max(-(-done // batch_size), 1)


def main():
    args = parse()
    registry = open_registry(args)
    with superuser_env(registry) as env:
        cr = env.cr
        seed(env, args.lines)
        cr.execute("SELECT COUNT(*) FROM sale_order_line WHERE is_aftersales_item")
        total = cr.fetchone()[0]
        today = env.company._aftersales_today()
    print(f"{total:,} purchased items; batches of {args.batch}\n")
    print(
        f"{'job':<22}{'due':>6}{'bare SQL':>10}{'job SQL':>9}{'ratio':>7}"
        f"{'ORM search':>12}{'ratio':>7}{'whole job':>11}{'rows/s':>8}"
        f"{'queries/batch':>15}"
    )
    reminded = {"rows": 0, "seconds": 0.0, "emails": 0}
    for kind in KINDS:
        with superuser_env(registry) as env:
            cr = env.cr
            marks = high_water(cr)
            bare, due = best_of(5, lambda cr=cr, k=kind: bare_sql_due(cr, k, today))
            Reminder = env["sparklife.aftersales.reminder"]
            Line = env["sale.order.line"]
            domain = Reminder._due_lines_domain(kind)
            # The query the ORM builds from the job's domain, run as is.
            job_sql = Line._search(domain, order="id").select()

            def run_job_sql(cr=cr, query=job_sql):
                cr.execute(query)
                return [row[0] for row in cr.fetchall()]

            orm_sql, found = best_of(5, run_job_sql)
            orm_search, _records = best_of(
                5,
                lambda R=Reminder, L=Line, k=kind: L.search(
                    R._due_lines_domain(k), order="id"
                ),
            )
            assert set(found) == set(due), "the job and the bound disagree"
            whole, per_batch = timed_job(
                cr,
                lambda R=Reminder, k=kind: R._send_due_reminders(
                    k, batch_size=args.batch
                ),
                len(due),
                args.batch,
            )
            print(
                f"reminder {kind:<13}{len(due):>6}{bare * 1000:>8.1f}ms"
                f"{orm_sql * 1000:>7.1f}ms{orm_sql / bare:>6.1f}×"
                f"{orm_search * 1000:>10.1f}ms{orm_search / bare:>6.1f}×"
                f"{whole:>10.2f}s{len(due) / whole:>8.0f}{per_batch:>15.0f}"
            )
            reminded["rows"] += len(due)
            reminded["seconds"] += whole
            reminded["emails"] += emails_since(cr, marks)
            if kind == "warranty":
                reminded["partners"] = reminded_partners(cr, marks)
                reminded["warranty_seconds"] = whole
                reminded["warranty_emails"] = emails_since(cr, marks)
            clean(cr, marks)
    with superuser_env(registry) as env:
        cr = env.cr
        marks = high_water(cr)
        Ticket = env["helpdesk.ticket"]
        bare, due = best_of(5, lambda cr=cr: bare_sql_lapsed(cr))
        orm_search, found = best_of(5, lambda T=Ticket: lapsed_search(T))
        assert set(found.ids) == set(due), "the job and the bound disagree"
        cr.execute(
            "CREATE TEMP TABLE bench_lapsed ON COMMIT PRESERVE ROWS AS"
            " SELECT id, aftersales_sale_line_id, aftersales_used_free_resize"
            " FROM helpdesk_ticket WHERE id IN %s",
            [tuple(due) or (0,)],
        )
        whole, per_batch = timed_job(
            cr,
            lambda T=Ticket: T._cron_close_lapsed(batch_size=args.batch),
            len(due),
            args.batch,
        )
        print(
            f"{'close lapsed':<22}{len(due):>6}{bare * 1000:>8.1f}ms{'':>16}"
            f"{orm_search * 1000:>10.1f}ms{orm_search / bare:>6.1f}×"
            f"{whole:>10.2f}s{len(due) / whole:>8.0f}{per_batch:>15.0f}"
        )
        lapse_rate = len(due) / whole
        # Put the requests back as they were, for the next run.
        cr.execute(
            """
            UPDATE helpdesk_ticket t
               SET aftersales_return_lapsed_on = NULL,
                   aftersales_approval_lapsed_on = NULL,
                   aftersales_used_free_resize = b.aftersales_used_free_resize
              FROM bench_lapsed b WHERE b.id = t.id
            """
        )
        cr.execute(
            "UPDATE sale_order_line SET aftersales_free_resizes_used = 0,"
            " aftersales_free_resizes_remaining = aftersales_free_resizes_allowed"
            " WHERE id IN (SELECT aftersales_sale_line_id FROM bench_lapsed)"
        )
        clean(cr, marks)
    reminder_rate = reminded["rows"] / reminded["seconds"]
    print(
        f"\nlapse job / reminder jobs, rows per second: {lapse_rate:.0f} / "
        f"{reminder_rate:.0f}"
    )
    report_ratio(
        "lapse job / reminder jobs, rows per second",
        lapse_rate / reminder_rate,
        1.0,
        at_least=True,
    )
    if reminded["partners"]:
        with superuser_env(registry) as env:
            cr = env.cr
            marks = high_water(cr)
            mailing_seconds, mailing_emails = send_mass(
                env, reminded["partners"], "mail"
            )
            clean(cr, marks)
            marks = high_water(cr)
            sms_seconds, sms_count = send_mass(env, reminded["partners"], "sms")
            clean(cr, marks)
        per_reminder = reminded["warranty_seconds"] / max(
            reminded["warranty_emails"], 1
        )
        per_mailing = mailing_seconds / max(mailing_emails, 1)
        per_sms = sms_seconds / max(sms_count, 1)
        print(
            f"warranty reminders / a mass mailing to the same {mailing_emails} "
            f"customers, time per email: {per_reminder * 1000:.2f} ms / "
            f"{per_mailing * 1000:.2f} ms"
        )
        report_ratio(
            "reminder / mass mailing, time per email", per_reminder / per_mailing, 1.0
        )
        # A reminder is an email, an SMS, a ledger row and a note on the
        # order: against what Odoo's mass mailing and mass SMS cost for one
        # customer each.
        print(
            f"warranty reminders / a mass mailing plus a mass SMS to the same "
            f"customers ({mailing_emails} emails, {sms_count} SMS), time per "
            f"customer: {per_reminder * 1000:.2f} ms / "
            f"{(per_mailing + per_sms) * 1000:.2f} ms"
        )
        report_ratio(
            "messages: reminder / mass mailing + mass SMS, time per customer",
            per_reminder / (per_mailing + per_sms),
            1.0,
        )
    else:
        print("no warranty reminder was due: seed more lines to compare a mailing")
    # Memory against the number of due items: twice the lead time, about
    # twice the items, the same peak.
    for lead in (30, 60):
        with superuser_env(registry) as env:
            cr = env.cr
            marks = high_water(cr)
            env.company.aftersales_remind_warranty_days = lead
            cr.commit()
            tracemalloc.start()
            claimed = env["sparklife.aftersales.reminder"]._send_due_reminders(
                "warranty", batch_size=args.batch
            )
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            print(f"memory: {claimed:>6} warranty reminders, peak {peak:.1f} MiB")
            clean(cr, marks)
            env.company.aftersales_remind_warranty_days = 30
            cr.commit()


if __name__ == "__main__":
    main()
