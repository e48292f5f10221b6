# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the addon's tests share: the shop, its customers and staff, what
they buy, the requests they send, the workshop's steps and the jobs'
batches."""

import base64
import re
from contextlib import nullcontext
from datetime import datetime, time, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.fields import Command
from odoo.tests.common import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.base.models.ir_cron import IrCron

from ..const import CONDITION_FIELDS

#: The smallest PNG image (1x1 pixel).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

#: A certificate document: the smallest PDF a browser opens.
PDF = b"%PDF-1.1\n%%EOF\n"

#: The group of each kind of user the tests sign in as.
ROLES = {
    "clerk": "sparklife_aftersales.group_aftersales_user",
    "manager": "sparklife_aftersales.group_aftersales_manager",
    "accountant": "account.group_account_invoice",
    "bookkeeper": "account.group_account_basic",
    "portal": "base.group_portal",
}


def utc(*args):
    return datetime(*args)


# Bought on 10 January 2026 at noon in Paris, received on 12 January:
# warranty until 10 January 2027, free resize until 10 April 2026, return
# until 11 February 2026 (30 days after receiving).
BOUGHT = utc(2026, 1, 10, 11, 0)
RECEIVED = utc(2026, 1, 12, 9, 0)


class ShopMixin:
    """The company's shop: its users, what its customers buy and receive,
    the requests they send, and the workshop's steps."""

    #: When requests are sent (a naive UTC datetime) unless a test says;
    #: None: now.
    asked_at = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )

    @classmethod
    def _new_user(cls, login, role, **values):
        """A user of ``role`` (a key of ROLES), whose password is its login."""
        return new_test_user(
            cls.env, login=login, password=login, groups=ROLES[role], **values
        )

    @classmethod
    def _covered_product(cls, name, **values):
        """A piece the after-sales service covers."""
        return cls.env["product.product"].create(
            {"name": name, "type": "consu", "aftersales_covered": True, **values}
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
    def _bought(cls, product, purchase=None, received=None, qty=1, partner=None):
        """The sale order line of ``qty`` ``product`` bought by ``partner``
        (the customer) at ``purchase`` (two days before it was received, or
        before now, unless given) and, if given, received at ``received``
        (naive UTC datetimes)."""
        if purchase is None:
            purchase = (received or fields.Datetime.now()) - timedelta(days=2)
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
    def _new_request(cls, service, line=None, at=None, **values):
        """A request for ``service`` from the customer about ``line`` (the
        case's ``line`` unless given, False for none), created through
        ``cls.Ticket`` (as its user) at ``at`` (or ``asked_at``)."""
        line = cls.line if line is None else line
        values = {
            "name": f"Request {service}",
            "description": "<p>Please help.</p>",
            "aftersales_service": service,
            "aftersales_sale_line_id": line.id if line else False,
            **values,
        }
        if "partner_id" not in values:
            values["partner_id"] = cls.customer.id
        at = at or cls.asked_at
        with freeze_time(at) if at else nullcontext():
            return cls.Ticket.create(values)

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
    def _ready_to_ship(cls, service):
        """A free ``service`` request approved, its piece received at the
        workshop and the work done: the job is ready to ship back."""
        ticket = cls._new_request(service)
        ticket.action_aftersales_approve()
        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        cls._receive(job)
        cls._repair(job)
        return ticket, job

    @classmethod
    def _ship_back(cls, job, tracking=None):
        """The piece goes back to the customer."""
        job.action_aftersales_ship_back()
        return cls._validate(job.aftersales_delivery_id, tracking)


class AftersalesCase(ShopMixin, TransactionCase):
    """A jewelry shop in Paris with adjustable and fixed-size rings, a
    customer and a clerk, who sends the requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Europe/Paris"
        cls.ring = cls._covered_product(
            "Test Adjustable Ring", aftersales_adjustable=True
        )
        cls.fixed_ring = cls._covered_product("Test Eternity Ring")
        # Earrings: covered by their category, which cannot be resized.
        cls.earrings_category = cls.env["product.category"].create(
            {
                "name": "Test Earrings",
                "aftersales_covered": True,
                "aftersales_resizable": False,
            }
        )
        cls.earrings = cls.env["product.product"].create(
            {
                "name": "Test Pearl Earrings",
                "type": "consu",
                "categ_id": cls.earrings_category.id,
            }
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Test Engraving", "type": "service"}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Test Customer", "email": "customer@example.com"}
        )
        cls.aftersales_user = cls._new_user("aftersales_user", "clerk")
        cls.Ticket = cls.env["helpdesk.ticket"].with_user(cls.aftersales_user)


@tagged("post_install", "-at_install")
class ServiceRequestCase(AftersalesCase):
    """The customer's adjustable and fixed rings, bought on BOUGHT and
    received on RECEIVED; a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ring_line = cls._bought(cls.ring, BOUGHT, RECEIVED)
        cls.fixed_line = cls._bought(cls.fixed_ring, BOUGHT, RECEIVED)
        cls.manager = cls._new_user("aftersales_manager", "manager")

    def _request(self, line, service, at, **values):
        """A request for ``service`` on ``line`` sent at ``at`` (UTC)."""
        return self._new_request(service, line or False, at, **values)


class PortalCase(ShopMixin, HttpCase):
    """Alice bought a resizable ring ten days ago and a necklace more than a
    year ago; Bob bought a ring too. Days are counted in UTC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "UTC"
        cls.ring = cls._covered_product(
            "Test Portal Ring", aftersales_adjustable=True, list_price=450.0
        )
        cls.necklace = cls._covered_product("Test Portal Necklace", list_price=900.0)
        cls.alice = cls._new_user(
            "portal_alice", "portal", email="alice@example.com", tz="UTC"
        ).partner_id
        cls.bob = cls._new_user(
            "portal_bob", "portal", email="bob@example.com", tz="UTC"
        ).partner_id
        cls.today = datetime.utcnow().date()
        noon = datetime.combine(cls.today, time(12, 0))
        cls.ring_line = cls._bought(
            cls.ring,
            noon - timedelta(days=10),
            noon - timedelta(days=8),
            partner=cls.alice,
        )
        cls.necklace_line = cls._bought(
            cls.necklace,
            noon - timedelta(days=400),
            noon - timedelta(days=398),
            partner=cls.alice,
        )
        cls.bob_line = cls._bought(
            cls.ring,
            noon - timedelta(days=3),
            noon - timedelta(days=1),
            partner=cls.bob,
        )
        cls.Ticket = cls.env["helpdesk.ticket"]

    def _form(self, line):
        """Open the item's page and read its form's hidden fields."""
        page = self.url_open(f"/my/aftersales/item/{line.id}")
        self.assertEqual(page.status_code, 200)
        return {
            "csrf_token": re.search(
                r'name="csrf_token" value="([^"]+)"', page.text
            ).group(1),
            "submission_key": re.search(
                r'name="submission_key" value="([^"]+)"', page.text
            ).group(1),
        }

    def _submit(self, line, photos=(), url_line=None, **fields):
        """Send the request form of ``line`` (to the URL of ``url_line``, as a
        forged form would) with ``photos``, ``(name, content)`` pairs."""
        data = {**self._form(line), **fields}
        files = [("photos", (name, content)) for name, content in photos]
        return self.url_open(
            f"/my/aftersales/item/{(url_line or line).id}/request",
            data=data,
            files=files or None,
            allow_redirects=False,
        )

    def _requests_of(self, partner):
        return self.Ticket.search([("partner_id", "=", partner.id)])

    def _quoted_restoration(self):
        """Alice's request to restore her necklace, with its quotation (a
        draft) made by after-sales staff."""
        ticket = self.Ticket.create(
            {
                "name": "Restore my necklace",
                "description": "<p>Replating</p>",
                "partner_id": self.alice.id,
                "aftersales_service": "restoration",
                "aftersales_sale_line_id": self.necklace_line.id,
            }
        )
        staff = self._new_user("quote_staff", "clerk")
        ticket.with_user(staff).action_aftersales_create_quotation()
        return ticket


class PiecesMixin:
    @classmethod
    def _serial_product(cls, name, adjustable=False):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_covered": True,
                "aftersales_adjustable": adjustable,
            }
        )

    @classmethod
    def _stock_serials(cls, product, *names):
        """Pieces of ``product`` in stock, one per serial number."""
        lots = cls.env["stock.lot"].create(
            [{"name": name, "product_id": product.id} for name in names]
        )
        for lot in lots:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.warehouse.lot_stock_id, 1, lot_id=lot
            )
        return lots

    @classmethod
    def _receive_piece(cls, picking, serial):
        """Validate the receipt ``picking`` of one piece, read as ``serial``
        (a serial number record, or a name never seen before)."""
        move = picking.move_ids
        picking.move_line_ids.unlink()
        values = move._prepare_move_line_vals(quantity=1)
        if isinstance(serial, str):
            values["lot_name"] = serial
        else:
            values["lot_id"] = serial.id
        cls.env["stock.move.line"].create(values)
        move.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        return picking


def _flush_progress(cron, processed=0, *, remaining=None, deactivate=False):
    cron.env.flush_all()
    return float("inf")


class FlushBatchesMixin:
    """The jobs commit each batch; a test case's transaction cannot be
    committed, so a batch boundary is a flush here (the real commits are
    exercised in test_reminder_jobs)."""

    def setUp(self):
        super().setUp()
        self.startPatcher(patch.object(IrCron, "_commit_progress", _flush_progress))
