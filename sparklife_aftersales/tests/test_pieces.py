# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each piece is itself: serial numbers on Odoo's stock.lot, certificates,
coverage reached from the serial, requests and workshop jobs that name the
piece, and returns that prove the same piece came back."""

import base64
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PDF, AftersalesCase, PiecesMixin, PortalCase


@tagged("post_install", "-at_install")
class TestPieces(PiecesMixin, AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.solitaire = cls._serial_product("Test Solitaire", adjustable=True)
        cls.lots = cls._stock_serials(cls.solitaire, "SOL-001", "SOL-002", "SOL-003")
        now = fields.Datetime.now()
        cls.pair = cls._bought(
            cls.solitaire,
            now - timedelta(days=10),
            now - timedelta(days=8),
            qty=2,
        )
        cls.single = cls._bought(
            cls.solitaire, now - timedelta(days=10), now - timedelta(days=8)
        )
        cls.certificate = cls.env["sparklife.aftersales.certificate"].create(
            {
                "lot_id": cls.pair.aftersales_lot_ids[0].id,
                "laboratory": "GIA",
                "number": "7000000001",
                "date": "2026-01-15",
                "stones": "Round brilliant, 1.01 ct, F, VS1",
                "document": base64.b64encode(PDF),
                "document_name": "GIA 7000000001.pdf",
            }
        )
        cls.Ticket = cls.env["helpdesk.ticket"]

    def _request(self, line, service="resize", **values):
        return self._new_request(service, line, **values)

    # Serial-tracked pieces ---------------------------------------------------------

    def test_an_item_knows_its_serials_from_its_delivery(self):
        self.assertEqual(len(self.pair.aftersales_lot_ids), 2, "two rings, two serials")
        self.assertEqual(len(self.single.aftersales_lot_ids), 1)
        self.assertFalse(self.pair.aftersales_lot_ids & self.single.aftersales_lot_ids)
        # A piece not delivered yet has no serial on the item.
        now = fields.Datetime.now()
        undelivered = self._confirm(self._order([(self.solitaire, 1)]), now)
        self.assertFalse(undelivered.order_line.aftersales_lot_ids)

    def test_a_serial_shows_its_customer_order_dates_and_coverage(self):
        lot = self.single.aftersales_lot_ids
        self.assertEqual(lot.aftersales_sale_line_id, self.single)
        self.assertEqual(lot.aftersales_partner_id, self.customer)
        self.assertEqual(lot.aftersales_order_id, self.single.order_id)
        self.assertEqual(
            lot.aftersales_purchase_date, self.single.aftersales_purchase_date
        )
        self.assertEqual(
            lot.aftersales_received_date, self.single.aftersales_received_date
        )
        self.assertEqual(
            lot.aftersales_warranty_end, self.single.aftersales_warranty_end
        )
        self.assertTrue(lot.aftersales_warranty_active)
        self.assertTrue(lot.aftersales_free_resize_available)
        self.assertEqual(lot.aftersales_free_resizes_remaining, 1)
        ticket = self._request(self.single)
        self.assertEqual(lot.aftersales_ticket_ids, ticket)
        self.assertEqual(lot.aftersales_ticket_count, 1)
        action = lot.action_aftersales_open_item()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("sale.order.line", self.single.id)
        )

    def test_found_by_serial_and_by_certificate_number(self):
        lot = self.certificate.lot_id
        Lot = self.env["stock.lot"].with_user(self.aftersales_user)
        self.assertEqual(Lot.search([("display_name", "ilike", "7000000001")]), lot)
        self.assertEqual(Lot.search([("display_name", "ilike", lot.name)]), lot)
        Items = self.env["sale.order.line"].with_user(self.aftersales_user)
        # The Purchased Items search view's two fields.
        self.assertEqual(
            Items.search([("aftersales_lot_ids", "ilike", lot.name)]), self.pair
        )
        self.assertEqual(
            Items.search(
                [
                    (
                        "aftersales_lot_ids.aftersales_certificate_ids.number",
                        "ilike",
                        "7000000001",
                    )
                ]
            ),
            self.pair,
        )
        ticket = self._request(self.pair, aftersales_lot_id=lot.id)
        Tickets = self.Ticket.with_user(self.aftersales_user)
        self.assertEqual(
            Tickets.search([("aftersales_lot_id", "ilike", "7000000001")]), ticket
        )

    def test_a_serial_typed_on_a_new_request_brings_its_item_and_customer(self):
        lot = self.single.aftersales_lot_ids
        form = self.Ticket.with_user(self.aftersales_user).new(
            {"name": "Found by serial", "aftersales_service": "cleaning"}
        )
        form.aftersales_lot_id = lot
        form._onchange_aftersales_lot_id()
        self.assertEqual(form.aftersales_sale_line_id, self.single)
        self.assertEqual(form.partner_id, self.customer)

    # Certificates ------------------------------------------------------------------

    def test_one_certificate_per_piece_and_per_laboratory_number(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self.certificate.copy({"number": "999"})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self.env["sparklife.aftersales.certificate"].create(
                {
                    "lot_id": self.single.aftersales_lot_ids.id,
                    "laboratory": "GIA",
                    "number": "7000000001",
                }
            )
        self.assertEqual(
            self.certificate.lot_id.aftersales_certificate_id, self.certificate
        )
        self.assertIn("GIA 7000000001", self.certificate.lot_id.message_ids[0].body)

    def test_the_warranty_card_names_the_serials_and_the_certificate(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "sparklife_aftersales.action_report_warranty_card", self.pair.ids
            )[0]
            .decode()
        )
        for lot in self.pair.aftersales_lot_ids:
            self.assertIn(lot.name, html)
        self.assertIn("7000000001", html)
        self.assertIn("Round brilliant, 1.01 ct, F, VS1", html)

    # Requests and jobs name the piece --------------------------------------------

    def test_a_request_names_its_piece(self):
        single = self._request(self.single)
        self.assertEqual(single.aftersales_lot_id, self.single.aftersales_lot_ids)
        pair = self._request(self.pair, service="cleaning")
        self.assertFalse(pair.aftersales_lot_id, "two rings: the clerk chooses")
        pair.aftersales_lot_id = self.pair.aftersales_lot_ids[1]
        with self.assertRaises(ValidationError):
            pair.aftersales_lot_id = self.single.aftersales_lot_ids

    def test_the_workshop_job_and_its_receipt_carry_the_serial(self):
        lot = self.single.aftersales_lot_ids
        ticket = self._request(self.single)
        ticket.action_aftersales_approve()
        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        self.assertEqual(job.lot_id, lot)
        receipt = job.aftersales_receipt_id
        self.assertEqual(receipt.move_line_ids.lot_id, lot)
        self._validate(receipt)
        quant = self.env["stock.quant"].search(
            [
                ("lot_id", "=", lot.id),
                ("quantity", ">", 0),
                ("location_id.usage", "=", "internal"),
            ]
        )
        self.assertEqual(quant.location_id, job.product_location_src_id)
        self.assertEqual(quant.owner_id, self.customer, "still the customer's piece")
        self._repair(job)
        self._ship_back(job, tracking="6A000000001FR")
        self.assertEqual(job.aftersales_delivery_id.move_line_ids.lot_id, lot)
        self.assertEqual(job.aftersales_delivery_id.state, "done")

    # Swap-proof returns ------------------------------------------------------------

    def _return(self, line, lot=None):
        ticket = self._request(
            line,
            service="return_satisfaction",
            **({"aftersales_lot_id": lot.id} if lot else {}),
        )
        ticket.action_aftersales_authorize_return()
        return ticket.aftersales_rma_ids

    def test_the_piece_sold_comes_back_and_is_refunded(self):
        lot = self.single.aftersales_lot_ids
        rma = self._return(self.single)
        self.assertEqual(rma.aftersales_lot_id, lot)
        self._receive_piece(rma.reception_move_id.picking_id, lot)
        self.assertEqual(rma.state, "received")
        self.assertFalse(rma.aftersales_piece_mismatch)
        self.assertIs(rma._aftersales_same_piece(), True)
        # No certificate on record for this piece: nothing to check about it.
        rma.write(
            {
                "aftersales_condition_unused": "met",
                "aftersales_condition_packaging": "met",
                "aftersales_condition_resalable": "met",
            }
        )
        rma.action_aftersales_record_conditions()
        rma.action_refund()
        self.assertEqual(rma.state, "refunded")

    def test_another_piece_is_refused_flagged_told_and_sent_back(self):
        manager = self.env.ref("base.user_admin")
        manager.group_ids |= self.env.ref(
            "sparklife_aftersales.group_aftersales_manager"
        )
        rma = self._return(self.single)
        self._receive_piece(rma.reception_move_id.picking_id, "FAKE-777")
        self.assertTrue(rma.aftersales_piece_mismatch)
        self.assertEqual(rma.aftersales_received_lot_ids.name, "FAKE-777")
        self.assertEqual(rma.aftersales_eligibility, "refused")
        self.assertIn("not the one sold", rma.aftersales_reason)
        # A manager is asked to look into it.
        activity = rma.activity_ids
        self.assertEqual(activity.summary, "Not the piece sold")
        self.assertIn("FAKE-777", activity.note)
        # The customer is told.
        told = rma.message_ids.filtered(
            lambda m: self.customer in m.partner_ids and "not the one sold" in m.body
        )
        self.assertTrue(told)
        # The very piece received goes back to the customer.
        self.assertEqual(rma.state, "waiting_return")
        delivery = rma.delivery_move_ids
        self.assertEqual(delivery.move_line_ids.lot_id.name, "FAKE-777")
        # No refund, even when the return to the customer is called off.
        delivery.picking_id.action_cancel()
        self.assertEqual(rma.state, "received")
        with self.assertRaisesRegex(UserError, "not the one sold"):
            rma.action_refund()
        self.assertFalse(rma.refund_id)

    def test_the_certificate_is_expected_back_when_the_piece_has_one(self):
        lot = self.certificate.lot_id
        rma = self._return(self.pair, lot=lot)
        self.assertEqual(rma.aftersales_certificate_id, self.certificate)
        self._receive_piece(rma.reception_move_id.picking_id, lot)
        rma.write(
            {
                "aftersales_condition_unused": "met",
                "aftersales_condition_packaging": "met",
                "aftersales_condition_resalable": "met",
            }
        )
        with self.assertRaisesRegex(UserError, "answer every condition"):
            rma.action_aftersales_record_conditions()
        rma.aftersales_condition_certificate = "failed"
        rma.action_aftersales_record_conditions()
        self.assertEqual(rma.aftersales_eligibility, "refused", "certificate missing")

    def test_a_return_names_one_of_the_items_serials(self):
        with self.assertRaises(ValidationError):
            self._return(self.pair).aftersales_lot_id = self.single.aftersales_lot_ids

    # Existing data -----------------------------------------------------------------

    def test_a_product_tracked_later_keeps_its_past_sales(self):
        """Sold before it was tracked: coverage by the item as before, and the
        serial read on the piece at the workshop becomes the job's."""
        ring = self.ring
        line = self._bought_recently(ring)
        self.assertFalse(line.aftersales_lot_ids)
        ring.write({"is_storable": True, "tracking": "serial"})
        line.invalidate_recordset()
        self.assertTrue(line.aftersales_warranty_active)
        self.assertEqual(line.aftersales_free_resizes_remaining, 1)
        ticket = self._request(line)
        self.assertFalse(ticket.aftersales_lot_id)
        ticket.action_aftersales_approve()
        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        self._receive_piece(job.aftersales_receipt_id, "OLD-RING-1")
        self.assertEqual(job.lot_id.name, "OLD-RING-1")
        self.assertEqual(ticket.aftersales_lot_id, job.lot_id)
        self._repair(job)
        self.assertEqual(job.state, "done")


@tagged("post_install", "-at_install")
class TestPiecesPortal(PiecesMixin, PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.solitaire = cls._serial_product("Portal Solitaire")
        cls._stock_serials(cls.solitaire, "PS-1", "PS-2")
        cls.alice_line = cls._bought(
            cls.solitaire,
            fields.Datetime.now() - timedelta(days=5),
            fields.Datetime.now() - timedelta(days=3),
            partner=cls.alice,
        )
        cls.bob_line = cls._bought(
            cls.solitaire,
            fields.Datetime.now() - timedelta(days=5),
            fields.Datetime.now() - timedelta(days=3),
            partner=cls.bob,
        )
        cls.certificate = cls.env["sparklife.aftersales.certificate"].create(
            {
                "lot_id": cls.alice_line.aftersales_lot_ids.id,
                "laboratory": "HRD",
                "number": "HRD-55",
                "document": base64.b64encode(PDF),
                "document_name": "certificate.pdf",
            }
        )

    def test_the_piece_page_shows_its_serial_and_certificate(self):
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{self.alice_line.id}")
        self.assertIn(self.alice_line.aftersales_lot_ids.name, page.text)
        self.assertIn("HRD-55", page.text)
        url = self.certificate._aftersales_download_url(self.alice_line)
        self.assertIn(url, page.text)
        download = self.url_open(url)
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, PDF)

    def test_nobody_else_downloads_the_certificate(self):
        url = self.certificate._aftersales_download_url(self.alice_line)
        self.authenticate("portal_bob", "portal_bob")
        self.assertEqual(self.url_open(url).status_code, 404)
        # Nor through Bob's own item.
        forged = (
            f"/my/aftersales/item/{self.bob_line.id}/certificate/{self.certificate.id}"
        )
        response = self.url_open(forged)
        self.assertEqual(response.status_code, 404)
        self.assertNotEqual(response.content, PDF)
        self.authenticate(None, None)
        self.assertNotEqual(self.url_open(url).content, PDF)

    def test_a_request_from_the_portal_names_the_piece(self):
        self.authenticate("portal_alice", "portal_alice")
        response = self._submit(
            self.alice_line, service="cleaning", description="Make it shine"
        )
        self.assertEqual(response.status_code, 303)
        ticket = self._requests_of(self.alice).filtered(
            lambda t: t.aftersales_sale_line_id == self.alice_line
        )
        self.assertEqual(ticket.aftersales_lot_id, self.alice_line.aftersales_lot_ids)

    def test_with_two_pieces_the_customer_chooses_which(self):
        self._stock_serials(self.solitaire, "PS-3", "PS-4")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.alice.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.solitaire.id, "product_uom_qty": 2}
                    )
                ],
            }
        )
        order.action_confirm()
        AftersalesCase._deliver(order, fields.Datetime.now())
        pair = order.order_line
        self.assertEqual(len(pair.aftersales_lot_ids), 2)
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{pair.id}")
        self.assertIn('id="aftersales_lot"', page.text)
        refused = self._submit(pair, service="cleaning", description="Shine")
        self.assertEqual(refused.status_code, 400)
        self.assertIn("Please choose which piece", refused.text)
        second = pair.aftersales_lot_ids[1]
        sent = self._submit(
            pair, service="cleaning", description="Shine", lot_id=str(second.id)
        )
        self.assertEqual(sent.status_code, 303)
        ticket = self._requests_of(self.alice).filtered(
            lambda t: t.aftersales_sale_line_id == pair
        )
        self.assertEqual(ticket.aftersales_lot_id, second)
