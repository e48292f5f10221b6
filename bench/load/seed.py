"""Seed the load test's database, once (committed and kept for later runs):
portal customers (``load_customer_<n>``, password ``load_pw``) with two
delivered pieces each (an adjustable ring bought 10 days ago, a necklace),
after-sales clerks (``load_clerk_<n>``), rings with one free resize left and
three open resize requests each (the clerks race for them), restoration
requests to quote. Writes what the load test needs to ``--out`` (JSON) and
makes the reminder and lapse jobs due, so that the cron worker runs them
during the load.

    .venv/bin/python bench/load/seed.py --config var/odoo.conf \\
        --database sparklife_load --out var/load/seed.json
"""

import argparse
import datetime as dt
import json
import pathlib
import time

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.service.server import load_server_wide_modules
from odoo.tools import config

PASSWORD = "load_pw"
CUSTOMERS = 40
CLERKS = 4
CONTESTED = 6
RESTORATIONS = 12
#: Odoo's scheduled jobs that reach its online services, stopped here.
ONLINE_JOBS = ("VIES", "PEPPOL", "PDP", "Publisher", "Snailmail")
#: The scheduled jobs the cron worker runs during the load.
CRONS = (
    "sparklife_aftersales.ir_cron_remind_free_resize",
    "sparklife_aftersales.ir_cron_remind_return",
    "sparklife_aftersales.ir_cron_remind_warranty",
    "sparklife_aftersales.ir_cron_close_lapsed",
    "sparklife_aftersales.ir_cron_escalate_service_levels",
)


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", required=True)
    return parser.parse_args()


def product(env, name, adjustable=False):
    Product = env["product.product"]
    return Product.search([("name", "=", name)], limit=1) or Product.create(
        {
            "name": name,
            "type": "consu",
            "aftersales_covered": True,
            "aftersales_adjustable": adjustable,
            "list_price": 500.0,
        }
    )


def user(env, login, group):
    Users = env["res.users"].with_context(no_reset_password=True)
    return Users.search([("login", "=", login)], limit=1) or Users.create(
        {
            "name": login.replace("_", " ").title(),
            "login": login,
            "password": PASSWORD,
            "email": f"{login}@example.com",
            "group_ids": [Command.set([env.ref(group).id])],
        }
    )


def bought(env, partner, products, days_ago):
    """A confirmed order of ``products`` bought ``days_ago`` days ago and
    delivered two days later."""
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    purchase = fields.Datetime.now() - dt.timedelta(days=days_ago)
    with freeze_time(purchase):
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "warehouse_id": warehouse.id,
                "order_line": [
                    Command.create({"product_id": p.id, "product_uom_qty": 1})
                    for p in products
                ],
            }
        )
        order.action_confirm()
    with freeze_time(purchase + dt.timedelta(days=2)):
        for picking in order.picking_ids:
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
    return order.order_line


def seed(env):
    started = time.perf_counter()
    # Written only when it changes: the coverage of every item (100,000 on
    # the cluster test's database) is computed in the company's time zone.
    if env.company.partner_id.tz != "Europe/Paris":
        env.company.partner_id.tz = "Europe/Paris"
    ring = product(env, "Load Ring", adjustable=True)
    necklace = product(env, "Load Necklace")
    Ticket = env["helpdesk.ticket"].with_context(install_mode=True)
    customers = []
    for n in range(CUSTOMERS):
        customer = user(env, f"load_customer_{n}", "base.group_portal")
        lines = env["sale.order.line"].search(
            [("order_partner_id", "=", customer.partner_id.id)], order="id"
        ) or bought(env, customer.partner_id, [ring, necklace], 10)
        customers.append(
            {"login": customer.login, "items": lines.ids, "ring": lines[0].id}
        )
        env.cr.commit()
    clerks = [
        user(env, f"load_clerk_{n}", "sparklife_aftersales.group_aftersales_user").login
        for n in range(CLERKS)
    ]
    owner = env["res.partner"].search([("name", "=", "Load Contested Owner")], limit=1)
    if not owner:
        owner = env["res.partner"].create(
            {"name": "Load Contested Owner", "email": "owner@example.com"}
        )
    contested = Ticket.search([("name", "=like", "Load contested resize %")]).ids
    if not contested:
        for k in range(CONTESTED):
            line = bought(env, owner, [ring], 10)
            contested += Ticket.create(
                [
                    {
                        "name": f"Load contested resize {k}.{n}",
                        "description": "<p>One size smaller</p>",
                        "partner_id": owner.id,
                        "aftersales_service": "resize",
                        "aftersales_requested_size": "52",
                        "aftersales_sale_line_id": line.id,
                    }
                    for n in range(3)
                ]
            ).ids
    restorations = Ticket.search([("name", "=like", "Load restoration %")]).ids
    if not restorations:
        line = bought(env, owner, [necklace], 30)
        restorations = Ticket.create(
            [
                {
                    "name": f"Load restoration {k}",
                    "description": "<p>Replating</p>",
                    "partner_id": owner.id,
                    "aftersales_service": "restoration",
                    "aftersales_sale_line_id": line.id,
                }
                for k in range(RESTORATIONS)
            ]
        ).ids
    # Each run starts from the same state: earlier runs' requests of the
    # customers are closed, the contested rings have their free resize back.
    done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
    logins = [c["login"] for c in customers]
    env.cr.execute(
        """
        UPDATE helpdesk_ticket SET stage_id = %s
         WHERE partner_id IN (SELECT partner_id FROM res_users WHERE login = ANY(%s))
        """,
        [done.id, logins],
    )
    contested_tickets = env["helpdesk.ticket"].browse(contested)
    contested_tickets.write({"aftersales_approved_on": False})
    contested_tickets.aftersales_sale_line_id.write({"aftersales_free_resizes_used": 0})
    env.invalidate_all()
    # Odoo's jobs that call its online services (VAT numbers, e-invoicing
    # networks, update notification, letters) fail on a machine without
    # internet: they are not what the load test measures.
    Cron = env["ir.cron"].with_context(active_test=False)
    online = Cron.browse()
    for name in ONLINE_JOBS:
        online |= Cron.search([("cron_name", "ilike", name)])
    online.active = False
    crons = env["ir.cron"].browse(env.ref(xmlid).id for xmlid in CRONS)
    # A job running now on a node (seeding again between phases) cannot be
    # changed: it was set so at the first seed, and runs again in a minute.
    crons.try_lock_for_update(allow_referencing=True).write(
        {
            "nextcall": fields.Datetime.now(),
            "interval_number": 1,
            "interval_type": "minutes",
        }
    )
    env.cr.commit()
    print(f"seeded the load test's data in {time.perf_counter() - started:.1f} s")
    return {
        "password": PASSWORD,
        "customers": customers,
        "clerks": clerks,
        "contested": contested,
        "restorations": restorations,
    }


def main():
    args = parse()
    config.parse_config(["-c", args.config, "-d", args.database])
    load_server_wide_modules()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        data = seed(api.Environment(cr, SUPERUSER_ID, {}))
    data["database"] = args.database
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
