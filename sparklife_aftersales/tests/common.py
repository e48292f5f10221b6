# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.fields import Command
from odoo.tests.common import TransactionCase, new_test_user

from ..const import CONDITION_FIELDS


class AftersalesCase(TransactionCase):
    """A jewelry shop in Paris with adjustable and fixed-size rings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "Europe/Paris"
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        product = cls.env["product.product"]
        cls.ring = product.create(
            {
                "name": "Test Adjustable Ring",
                "type": "consu",
                "aftersales_covered": True,
                "adjustable": True,
            }
        )
        cls.fixed_ring = product.create(
            {"name": "Test Eternity Ring", "type": "consu", "aftersales_covered": True}
        )
        # Earrings: covered by their category, which cannot be resized.
        cls.earrings_category = cls.env["product.category"].create(
            {
                "name": "Test Earrings",
                "aftersales_covered": True,
                "aftersales_resizable": False,
            }
        )
        cls.earrings = product.create(
            {
                "name": "Test Pearl Earrings",
                "type": "consu",
                "categ_id": cls.earrings_category.id,
            }
        )
        cls.service = product.create({"name": "Test Engraving", "type": "service"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Test Customer", "email": "customer@example.com"}
        )
        cls.aftersales_user = new_test_user(
            cls.env,
            login="aftersales_user",
            groups="sparklife_aftersales.group_aftersales_user",
        )

    @classmethod
    def _order(cls, lines, partner=None):
        """A draft order; ``lines`` is a list of (product, quantity)."""
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "warehouse_id": cls.warehouse.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )

    @classmethod
    def _confirm(cls, order, at):
        """Confirm ``order`` at ``at`` (a naive UTC datetime)."""
        with freeze_time(at):
            order.action_confirm()
        return order

    @classmethod
    def _deliver(cls, order, at, quantities=None):
        """Validate the order's deliveries at ``at``, all of it unless
        ``quantities`` maps products to the quantity delivered."""
        pickings = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        with freeze_time(at):
            pickings.action_assign()
            for move in pickings.move_ids:
                qty = (quantities or {}).get(move.product_id, move.product_uom_qty)
                move.quantity = qty
                move.picked = True
            pickings.with_context(skip_backorder=True, skip_sms=True).button_validate()
        return order

    @classmethod
    def _bought(cls, product, purchase, received=None, qty=1, partner=None):
        """The sale order line of ``product`` bought at ``purchase`` and,
        if given, received at ``received`` (naive UTC datetimes)."""
        order = cls._confirm(cls._order([(product, qty)], partner), purchase)
        if received:
            cls._deliver(order, received)
        return order.order_line

    @classmethod
    def _bought_recently(cls, product=None):
        """An item bought ten days ago and received eight days ago: every
        window is open."""
        now = fields.Datetime.now()
        return cls._bought(
            product or cls.ring, now - timedelta(days=10), now - timedelta(days=8)
        )

    @classmethod
    def _all_conditions_met(cls, rma):
        """The returned item came back unused, in its packaging, with its
        certificate, resalable; recorded on the return."""
        rma.write({field: "met" for field in CONDITION_FIELDS.values()})
        rma.action_aftersales_record_conditions()

    # The workshop ---------------------------------------------------------------

    @classmethod
    def _validate(cls, picking, tracking=None):
        """Validate ``picking`` with all of its quantities."""
        if tracking:
            picking.carrier_tracking_ref = tracking
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        return picking

    @classmethod
    def _receive(cls, job, tracking=None):
        """The customer's piece arrives at the workshop."""
        return cls._validate(job.aftersales_receipt_id, tracking)

    @classmethod
    def _repair(cls, job):
        """The jeweler confirms, starts and ends the job."""
        job.action_validate()
        job.action_repair_start()
        job.action_repair_end()
        return job

    @classmethod
    def _ship_back(cls, job, tracking=None):
        """The piece goes back to the customer."""
        job.action_aftersales_ship_back()
        return cls._validate(job.aftersales_delivery_id, tracking)


def utc(*args):
    return datetime(*args)
