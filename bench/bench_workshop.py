"""How the workshop's board (After-Sales > Workshop) scales with the number
of open jobs: the queries and the time of what its kanban view asks the
server, for a board of 10 and of 1,000 open jobs.

Seeds through the ORM, once (committed and kept for later runs), a customer
with delivered rings and a service request per job, each sent to the
workshop: a quarter of them received, a quarter in progress, a quarter paid
and quoted (waiting for payment), the rest waiting for the piece. The two
boards are told apart by the customer: the board's domain is narrowed to each
customer's jobs, as a search by customer does.

Then loads each board as the kanban view does (``web_read_group`` by where the
piece is, unfolding every column with the card's fields) R times, and prints
the median time and the queries of one load. The target: the query count of
1,000 jobs is the count of 10 (ratio 1.0×), whatever the number of jobs. A
missed target is printed, not raised: a benchmark informs, it does not fail.

    bin/bench [N]          (creates the sparklife_bench database first)
    .venv/bin/python bench/bench_workshop.py --config var/odoo.conf \\
        --database sparklife_bench [--jobs 10 1000] [--requests 10]
"""

import datetime as dt
import time

from benchlib import (
    measure_rolled_back,
    open_registry,
    parser,
    report_constant_queries,
    superuser_env,
)

from odoo import fields
from odoo.fields import Command

#: What the board's cards read (views/repair_order_views.xml).
CARD = {
    "name": {},
    "under_warranty": {},
    "product_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "tag_ids": {"fields": {"display_name": {}, "color": {}}},
    "schedule_date": {},
    "aftersales_is_late": {},
    "aftersales_awaiting_payment": {},
    "user_id": {"fields": {"display_name": {}}},
}
BOARD = [("aftersales_ticket_id", "!=", False), ("state", "!=", "cancel")]


def parse():
    cli = parser(__doc__)
    cli.add_argument("--jobs", type=int, nargs="+", default=[10, 1000])
    cli.add_argument("--requests", type=int, default=10)
    return cli.parse_args()


def seed(env, jobs):
    """A customer with ``jobs`` open workshop jobs; returns the customer."""
    name = f"Bench Workshop Customer ({jobs} jobs)"
    Partner = env["res.partner"]
    customer = Partner.search([("name", "=", name)], limit=1)
    if customer:
        return customer
    started = time.perf_counter()
    customer = Partner.create({"name": name, "email": "bench.workshop@example.com"})
    ring = env["product.product"].search(
        [("name", "=", "Bench Workshop Ring")], limit=1
    ) or env["product.product"].create(
        {"name": "Bench Workshop Ring", "type": "consu", "aftersales_covered": True}
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "warehouse_id": warehouse.id,
            "order_line": [
                Command.create({"product_id": ring.id, "product_uom_qty": 1})
            ],
        }
    )
    order.action_confirm()
    for picking in order.picking_ids:
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
    line = order.order_line
    Ticket = env["helpdesk.ticket"].with_context(
        mail_notrack=True, tracking_disable=True
    )
    for k in range(jobs):
        ticket = Ticket.create(
            {
                "name": f"Bench restoration {k}",
                "description": "<p>Bench</p>",
                "partner_id": customer.id,
                "aftersales_service": "restoration",
                "aftersales_sale_line_id": line.id,
            }
        )
        if k % 4 == 3:
            ticket.action_aftersales_create_quotation()
            ticket.aftersales_sale_order_id.action_confirm()
        job = ticket.aftersales_repair_id or ticket._aftersales_create_job()
        if k % 4 in (1, 2):
            env["sparklife.aftersales.demo"]._validate_pickings(
                job.aftersales_receipt_id
            )
        if k % 4 == 2:
            job.action_validate()
            job.action_repair_start()
        if k % 2:  # late
            job.schedule_date = fields.Datetime.now() - dt.timedelta(days=1)
        if k % 100 == 99:
            env.cr.commit()
    env.cr.commit()
    print(f"seeded {jobs} open jobs in {time.perf_counter() - started:.1f} s (ORM)")
    return customer


def load_board(env, customer):
    """The kanban view's request: the columns, each unfolded with its cards."""
    return env["repair.order"].web_read_group(
        [*BOARD, ("partner_id", "=", customer.id)],
        ["aftersales_workshop_stage"],
        ["__count"],
        auto_unfold=True,
        unfold_read_specification=CARD,
        unfold_read_default_limit=40,
    )


def measure(registry, customer_id, requests):
    median, queries, result = measure_rolled_back(
        registry,
        lambda env: load_board(env, env["res.partner"].browse(customer_id)),
        requests,
    )
    cards = sum(len(group.get("__records", [])) for group in result["groups"])
    total = sum(group["__count"] for group in result["groups"])
    return median, queries, cards, total


def main():
    args = parse()
    registry = open_registry(args)
    with superuser_env(registry) as env:
        customers = {n: seed(env, n).id for n in args.jobs}
    rows = {}
    for n, customer_id in customers.items():
        median, queries, cards, total = measure(registry, customer_id, args.requests)
        rows[n] = queries
        print(
            f"board of {total:5d} open jobs: {cards:4d} cards shown, "
            f"{queries:3d} queries, median {median * 1000:7.1f} ms"
        )
    report_constant_queries("jobs", rows)


if __name__ == "__main__":
    main()
