# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Instead of a refund: exchanges on OCA's replacement (another size or
another piece, the difference invoiced or refunded, the new piece covered
from its delivery) and trade-ups (the piece received as the company's, the
new piece quoted with the price paid as credit)."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.sparklife_aftersales import policy

from ..const import CONDITION_FIELDS
from .common import AftersalesCase, PiecesMixin


class ExchangeMixin:
    @classmethod
    def _sized_ring(cls, name, price, sizes=("52", "56"), extra=200.0):
        """A storable adjustable ring in ``sizes``, the last one ``extra``
        dearer, each in stock."""
        attribute = cls.env["product.attribute"].create(
            {
                "name": f"{name} size",
                "value_ids": [Command.create({"name": size}) for size in sizes],
            }
        )
        template = cls.env["product.template"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "aftersales_covered": True,
                "aftersales_adjustable": True,
                "list_price": price,
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": attribute.id,
                            "value_ids": [Command.set(attribute.value_ids.ids)],
                        }
                    )
                ],
            }
        )
        template.attribute_line_ids.product_template_value_ids[-1:].price_extra = extra
        for variant in template.product_variant_ids:
            cls.env["stock.quant"]._update_available_quantity(
                variant, cls.warehouse.lot_stock_id, 5
            )
        return template.product_variant_ids.sorted("id")

    @classmethod
    def _storable(cls, name, price, **values):
        product = cls._covered_product(
            name, is_storable=True, list_price=price, **values
        )
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.warehouse.lot_stock_id, 5
        )
        return product

    def _authorized(self, line, service, new_product, **values):
        ticket = self._new_request(
            service, line=line, aftersales_new_product_id=new_product.id, **values
        )
        ticket.action_aftersales_authorize_return()
        return ticket, ticket.aftersales_rma_ids

    def _receive_rma(self, rma, serial=None):
        picking = rma.reception_move_id.picking_id
        if serial:
            self._receive_piece(picking, serial)
        else:
            self._validate(picking)
        return rma

    def _in_condition(self, rma, resalable="met"):
        if rma.aftersales_service == policy.TRADE_UP:
            rma.aftersales_condition_resalable = resalable
        else:
            rma.write({field: "met" for field in CONDITION_FIELDS.values()})
        rma.action_aftersales_record_conditions()
        return rma


@tagged("post_install", "-at_install")
class TestExchanges(ExchangeMixin, PiecesMixin, AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.size_52, cls.size_56 = cls._sized_ring("Test Signet Ring", 1000.0)
        cls.pendant = cls._storable("Test Small Pendant", 400.0)
        cls.line = cls._bought_recently(cls.size_52)
        cls.manager = cls._new_user("exchange_manager", "manager")

    def test_a_bigger_size_ships_once_the_ring_is_back_and_the_difference_is_invoiced(
        self,
    ):
        ticket, rma = self._authorized(
            self.line,
            policy.EXCHANGE,
            self.size_56,
            aftersales_resize_declined=True,
        )
        self.assertEqual(rma.operation_id.name, "After-sales exchange")
        self.assertTrue(ticket.aftersales_size_exchange)
        paid = self.line.price_total
        self.assertAlmostEqual(
            ticket.aftersales_price_difference, ticket.aftersales_new_price - paid
        )
        self.assertGreater(ticket.aftersales_price_difference, 0)
        # Nothing ships before the ring is back and checked.
        with self.assertRaisesRegex(UserError, "cannot ship yet"):
            rma._aftersales_ship_exchange()
        self.assertFalse(rma.delivery_move_ids)
        self._in_condition(self._receive_rma(rma))
        order = ticket.aftersales_exchange_order_id
        self.assertEqual(order.state, "sale")
        new_line = order.order_line.filtered("aftersales_exchange_of_id")
        self.assertEqual(new_line.aftersales_exchange_of_id, self.line)
        self.assertEqual(new_line.product_id, self.size_56)
        self.assertEqual(rma.delivery_move_ids.product_id, self.size_56)
        self.assertEqual(rma.delivery_move_ids.sale_line_id, new_line)
        # The order starts no delivery of its own: the RMA's is the one.
        self.assertEqual(order.picking_ids, rma.delivery_move_ids.picking_id)
        invoice = order.invoice_ids
        self.assertRecordValues(
            invoice, [{"move_type": "out_invoice", "state": "posted"}]
        )
        self.assertAlmostEqual(
            invoice.amount_total, ticket.aftersales_price_difference, places=2
        )
        # The new ring is covered from its own delivery.
        self.assertFalse(new_line.aftersales_warranty_end)
        self._validate(rma.delivery_move_ids.picking_id)
        received = new_line.aftersales_received_date
        self.assertEqual(received, new_line.company_id._aftersales_today())
        self.assertEqual(
            new_line.aftersales_warranty_end, policy.add_months(received, 12)
        )

    def test_a_cheaper_piece_is_refunded_by_a_credit_note(self):
        ticket, rma = self._authorized(self.line, policy.EXCHANGE, self.pendant)
        self.assertFalse(ticket.aftersales_size_exchange)
        self._in_condition(self._receive_rma(rma))
        order = ticket.aftersales_exchange_order_id
        credit_note = order.invoice_ids
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertAlmostEqual(
            credit_note.amount_total, -ticket.aftersales_price_difference, places=2
        )
        self.assertFalse(
            order.order_line.aftersales_exchange_of_id.filtered(
                lambda line: line != self.line
            )
        )
        self.assertEqual(rma.delivery_move_ids.product_id, self.pendant)

    def test_a_size_exchange_waits_for_the_customer_to_decline_the_free_resize(self):
        ticket = self._new_request(
            policy.EXCHANGE, aftersales_new_product_id=self.size_56.id
        )
        self.assertEqual(ticket.aftersales_eligibility, policy.FREE)
        self.assertIn("free resize", ticket.aftersales_reason)
        with self.assertRaisesRegex(UserError, "another size over the free resize"):
            ticket.action_aftersales_authorize_return()
        ticket.aftersales_resize_declined = True
        ticket.action_aftersales_authorize_return()
        self.assertEqual(ticket.aftersales_rma_ids.state, "confirmed")

    def test_an_exchange_is_not_refunded_and_a_failed_condition_sends_it_back(self):
        ticket, rma = self._authorized(self.line, policy.EXCHANGE, self.pendant)
        self._receive_rma(rma)
        with self.assertRaisesRegex(UserError, "not refunded"):
            rma.action_refund()
        rma.write({field: "met" for field in CONDITION_FIELDS.values()})
        rma.aftersales_condition_unused = "failed"
        rma.action_aftersales_record_conditions()
        self.assertFalse(ticket.aftersales_exchange_order_id)
        self.assertEqual(rma.delivery_move_ids.product_id, self.size_52)
        self.assertEqual(rma.state, "waiting_return")

    def test_a_trusted_customer_gets_the_new_piece_at_once(self):
        self.company.aftersales_exchange_ship_at_once = True
        ticket, rma = self._authorized(self.line, policy.EXCHANGE, self.pendant)
        self.assertFalse(ticket.aftersales_exchange_order_id)  # not trusted
        self.customer.aftersales_exchange_trusted = True
        line = self._bought_recently(self.size_52)
        ticket, rma = self._authorized(line, policy.EXCHANGE, self.pendant)
        self.assertEqual(ticket.aftersales_exchange_order_id.state, "sale")
        self.assertEqual(rma.state, "waiting_replacement")
        # Her ring comes back later and is checked in condition: nothing
        # ships twice.
        self._in_condition(self._receive_rma(rma))
        self.assertTrue(rma.aftersales_conditions_checked_on)
        self.assertEqual(len(rma.delivery_move_ids), 1)

    def test_the_new_piece_must_differ_and_only_new_piece_services_name_one(self):
        with self.assertRaisesRegex(ValidationError, "choose another size"):
            self._new_request(
                policy.EXCHANGE, aftersales_new_product_id=self.size_52.id
            )
        with self.assertRaisesRegex(ValidationError, "only an exchange or a trade-up"):
            self._new_request(
                policy.CLEANING, aftersales_new_product_id=self.pendant.id
            )


@tagged("post_install", "-at_install")
class TestTradeUps(ExchangeMixin, PiecesMixin, AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.solitaire = cls._serial_product("Test Solitaire 0.5 ct")
        cls.solitaire.write({"list_price": 2000.0, "aftersales_trade_up": True})
        cls.lot = cls._stock_serials(cls.solitaire, "SOL-1")
        cls.big = cls._storable(
            "Test Solitaire 1.5 ct", 6000.0, aftersales_trade_up=True
        )
        cls.medium = cls._storable(
            "Test Solitaire 0.7 ct", 3000.0, aftersales_trade_up=True
        )
        now = fields.Datetime.now()
        cls.line = cls._bought(
            cls.solitaire, now - timedelta(days=400), now - timedelta(days=398)
        )
        cls.env["sparklife.aftersales.certificate"].create(
            {"lot_id": cls.lot.id, "laboratory": "GIA", "number": "GIA-SOL-1"}
        )
        cls.second_hand = cls.env["stock.location"].create(
            {
                "name": "Second-hand",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        cls.company.aftersales_trade_up_location_id = cls.second_hand

    def test_a_solitaire_traded_up_end_to_end(self):
        self.assertIn(self.big, self.line._aftersales_trade_up_products())
        self.assertNotIn(self.medium, self.line._aftersales_trade_up_products())
        ticket, rma = self._authorized(self.line, policy.TRADE_UP, self.big)
        self.assertEqual(rma.operation_id.name, "After-sales trade-up")
        self._in_condition(self._receive_rma(rma, self.lot))
        self.assertEqual(rma.state, "finished")
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", self.lot.id), ("quantity", ">", 0)]
        )
        self.assertEqual(quant.location_id, self.second_hand)
        self.assertFalse(quant.owner_id)
        order = ticket.aftersales_exchange_order_id
        self.assertEqual(order.state, "sent")
        credit = order.order_line.filtered(
            lambda line: line.product_id
            == self.env.ref("sparklife_aftersales.product_trade_up_credit")
        )
        self.assertAlmostEqual(credit.price_total, -self.line.price_total, places=2)
        self.assertAlmostEqual(
            order.amount_total,
            ticket.aftersales_new_price - self.line.price_total,
            places=2,
        )
        # The piece's history is kept: sold, returned, moved to second-hand.
        self.assertEqual(self.line.aftersales_lot_ids, self.lot)
        self.assertEqual(ticket.stage_id.closed, True)

    def test_a_trade_up_refused_below_the_ratio_without_certificate_or_in_poor_condition(
        self,
    ):
        with self.assertRaisesRegex(ValidationError, "not part of the trade-up"):
            self._new_request(
                policy.TRADE_UP,
                aftersales_new_product_id=self._storable("Test Plain", 9000.0).id,
            )
        low = self._new_request(
            policy.TRADE_UP, aftersales_new_product_id=self.medium.id
        )
        self.assertEqual(low.aftersales_eligibility, policy.REFUSED)
        with self.assertRaisesRegex(UserError, "at least"):
            low.action_aftersales_authorize_return()
        ticket, rma = self._authorized(self.line, policy.TRADE_UP, self.big)
        self._in_condition(self._receive_rma(rma, self.lot), resalable="failed")
        self.assertFalse(ticket.aftersales_exchange_order_id)
        self.assertEqual(rma.state, "waiting_return")

    def test_a_trade_up_needs_the_certificate(self):
        self.lot.aftersales_certificate_ids.unlink()
        self.line.invalidate_recordset()
        ticket = self._new_request(
            policy.TRADE_UP, aftersales_new_product_id=self.big.id
        )
        self.assertEqual(ticket.aftersales_eligibility, policy.REFUSED)
        self.assertIn("certificate", ticket.aftersales_reason)
