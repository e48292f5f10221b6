# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Returns that end with another piece instead of a refund.

An exchange is OCA's replacement, by another size or another product: the new
piece goes out on the RMA's delivery once the returned one is checked (or at
once for trusted customers, when the company allows it), as the line of an
*exchange order* that also credits the returned piece at its price paid: the
order invoices the difference, or refunds it by a credit note when the new
piece is cheaper. The new line remembers the piece it replaced, and the policy
covers it from its own delivery.

A trade-up receives the piece as the company's (to its second-hand location)
and quotes the new piece with the returned one's price paid as credit.
"""

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from .. import policy


class Rma(models.Model):
    _inherit = "rma"

    # The new piece ---------------------------------------------------------------

    def _aftersales_new_piece_order(self, product, exchange):
        """The order of ``product`` crediting this RMA's piece at its price
        paid (taxes included, as the returned line's taxes are kept): the
        exchange order, or the trade-up's quotation."""
        self.ensure_one()
        line = self.aftersales_line_id.sudo()
        ticket = self.aftersales_ticket_id.sudo()
        old_order = line.order_id
        credit = self.env.ref(
            "sparklife_aftersales.product_exchange_credit"
            if exchange
            else "sparklife_aftersales.product_trade_up_credit"
        )
        piece = line.product_id.with_context(display_default_code=False).display_name
        label = (
            self.env._(
                "Exchange of %(piece)s (%(order)s)", piece=piece, order=old_order.name
            )
            if exchange
            else self.env._(
                "Trade-up of %(piece)s (%(order)s)", piece=piece, order=old_order.name
            )
        )
        unit_untaxed = line.price_subtotal / line.product_uom_qty
        order = (
            self.env["sale.order"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "pricelist_id": old_order.pricelist_id.id,
                    "fiscal_position_id": old_order.fiscal_position_id.id,
                    "origin": self.name,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "aftersales_exchange_of_id": line.id
                                if exchange
                                else False,
                            }
                        ),
                        Command.create(
                            {
                                "product_id": credit.id,
                                "name": label,
                                "product_uom_qty": 1,
                                "price_unit": -unit_untaxed,
                                "tax_ids": [Command.set(line.tax_ids.ids)],
                            }
                        ),
                    ],
                }
            )
        )
        ticket.aftersales_exchange_order_id = order
        return order

    # Exchanges ----------------------------------------------------------------------

    def _aftersales_ships_at_once(self):
        """The company sends exchanges at once, and trusts this customer."""
        self.ensure_one()
        return bool(
            self.company_id.aftersales_exchange_ship_at_once
            and self.partner_id.commercial_partner_id.sudo().aftersales_exchange_trusted
        )

    def _aftersales_check_exchange(self):
        """Raise unless the policy lets these exchanges ship now: the returned
        piece was checked in condition, or it may ship before it arrives."""
        engine = self.env["sparklife.aftersales.policy"]
        for rma in self:
            if rma._aftersales_overridden():
                continue
            decision = rma._aftersales_decision()
            if decision.is_refused:
                raise UserError(
                    self.env._(
                        "%(rma)s: the exchange is refused by the after-sales policy. "
                        "%(reason)s",
                        rma=rma.name,
                        reason=engine.describe(decision),
                    )
                )
            pending = decision.requirements
            if rma._aftersales_ships_at_once():
                pending = decision.pending_before_sending
            if pending:
                raise UserError(
                    self.env._(
                        "%(rma)s: the new piece cannot ship yet. Still needed: "
                        "%(pending)s.",
                        rma=rma.name,
                        pending=engine.describe_requirements(decision, pending),
                    )
                )

    def _aftersales_ship_exchange(self):
        """Send the new piece the request names (OCA's replacement)."""
        for rma in self:
            product = rma.aftersales_ticket_id.sudo().aftersales_new_product_id
            if not product:
                raise UserError(
                    self.env._(
                        "%(rma)s: name the new piece on the request first.",
                        rma=rma.name,
                    )
                )
            rma.create_replace(
                fields.Datetime.now(),
                rma.warehouse_id,
                product,
                rma.product_uom_qty,
                product.uom_id,
            )

    def create_replace(self, scheduled_date, warehouse, product, qty, uom):
        exchanges = self._aftersales_governed().filtered(
            lambda r: r.aftersales_service == policy.EXCHANGE
        )
        trade_ups = self._aftersales_governed().filtered(
            lambda r: r.aftersales_service == policy.TRADE_UP
        )
        if trade_ups:
            raise UserError(
                self.env._(
                    "%(rmas)s: a trade-up is not replaced; its new piece is quoted "
                    "once the piece is received in condition.",
                    rmas=", ".join(trade_ups.mapped("name")),
                )
            )
        exchanges._aftersales_check_exchange()
        moves_before = self.delivery_move_ids
        result = super().create_replace(scheduled_date, warehouse, product, qty, uom)
        for rma in exchanges:
            rma._aftersales_exchange_order_for(
                rma.delivery_move_ids - moves_before, product
            )
        return result

    def _aftersales_exchange_order_for(self, moves, product):
        """The exchange order of the new piece that ``moves`` deliver: they
        deliver its line (so the order starts no delivery of its own), then
        it is confirmed and what it can invoice is invoiced: the difference,
        or a credit note when the new piece is cheaper."""
        self.ensure_one()
        order = self._aftersales_new_piece_order(product, exchange=True)
        new_line = order.order_line.filtered("aftersales_exchange_of_id")
        moves.sudo().write({"sale_line_id": new_line.id})
        order.action_confirm()
        invoice = self.env["account.move"]
        if order.invoice_status == "to invoice":
            invoice = order._create_invoices(final=True)
            invoice.action_post()
        self.message_post(
            body=self.env._(
                "Exchange: %(piece)s goes out on %(order)s. %(invoice)s",
                piece=product.display_name,
                order=order._get_html_link(),
                invoice=(
                    self.env._(
                        "Difference: %(move)s of %(amount)s.",
                        move=invoice._get_html_link(),
                        amount=invoice.currency_id.format(invoice.amount_total),
                    )
                    if invoice
                    else self.env._("Nothing to invoice yet.")
                ),
            ),
            subtype_xmlid="mail.mt_note",
        )
        ticket = self.aftersales_ticket_id.sudo()
        if ticket:
            ticket.message_post(
                body=self.env._(
                    "Your new piece %(piece)s is on its way.",
                    piece=product.with_context(display_default_code=False).display_name,
                ),
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )
        return order

    def action_confirm(self):
        result = super().action_confirm()
        at_once = self._aftersales_governed().filtered(
            lambda r: r.state == "confirmed"
            and r.aftersales_service == policy.EXCHANGE
            and r._aftersales_ships_at_once()
        )
        at_once._aftersales_ship_exchange()
        return result

    def action_refund(self):
        self._aftersales_check_not_refunded()
        return super().action_refund()

    def action_refund_without_invoice(self):
        self._aftersales_check_not_refunded()
        return super().action_refund_without_invoice()

    def _aftersales_check_not_refunded(self):
        instead = self._aftersales_governed().filtered(
            lambda r: r.aftersales_service in (policy.EXCHANGE, policy.TRADE_UP)
        )
        if instead:
            raise UserError(
                self.env._(
                    "%(rmas)s: an exchange or a trade-up is not refunded; the new "
                    "piece's order settles the difference.",
                    rmas=", ".join(instead.mapped("name")),
                )
            )

    # Trade-ups ------------------------------------------------------------------------

    def _aftersales_conditions_met(self):
        result = super()._aftersales_conditions_met()
        for rma in self:
            if rma.aftersales_service == policy.EXCHANGE and not rma.delivery_move_ids:
                rma._aftersales_ship_exchange()
            elif rma.aftersales_service == policy.TRADE_UP:
                rma._aftersales_trade_in()
        return result

    def _aftersales_trade_in(self):
        """The piece is the company's: it moves to the second-hand location,
        the RMA is finished, and the customer gets the quotation of the new
        piece with the credit."""
        self.ensure_one()
        ticket = self.aftersales_ticket_id.sudo()
        product = ticket.aftersales_new_product_id
        if not product:
            raise UserError(
                self.env._(
                    "%(rma)s: name the new piece on the request first.", rma=self.name
                )
            )
        self._aftersales_move_to_second_hand()
        self.sudo().write(
            {
                "state": "finished",
                "finalization_id": self.env.ref(
                    "sparklife_aftersales.rma_finalization_traded_in"
                ).id,
            }
        )
        order = self._aftersales_new_piece_order(product, exchange=False)
        order.action_quotation_sent()
        order.message_subscribe(partner_ids=self.partner_id.ids)
        body = self.env._(
            "Trade-up accepted: %(piece)s is quoted on %(order)s with your piece's "
            "price paid as credit.",
            piece=product.with_context(display_default_code=False).display_name,
            order=order.name,
        )
        if ticket:
            ticket.message_post(
                body=body,
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return order

    def _aftersales_move_to_second_hand(self):
        """Move the received piece from the returns location to the
        company's second-hand location (the warehouse's stock by default),
        its serial number and history kept."""
        self.ensure_one()
        warehouse = self.warehouse_id
        destination = (
            self.company_id.aftersales_trade_up_location_id or warehouse.lot_stock_id
        )
        received = self.reception_move_id
        lots = received.move_line_ids.lot_id
        move = (
            self.env["stock.move"]
            .sudo()
            .create(
                {
                    "product_id": self.product_id.id,
                    "product_uom_qty": self.product_uom_qty,
                    "product_uom": self.product_uom.id,
                    "location_id": received.location_dest_id.id,
                    "location_dest_id": destination.id,
                    "company_id": self.company_id.id,
                    "origin": self.name,
                    "picking_type_id": warehouse.int_type_id.id,
                }
            )
        )
        move._action_confirm()
        # The piece received, by its serial: not any other of the product
        # waiting at the returns location.
        move.move_line_ids.unlink()
        move.move_line_ids = [
            Command.create(
                {
                    "product_id": self.product_id.id,
                    "quantity": self.product_uom_qty,
                    "location_id": move.location_id.id,
                    "location_dest_id": destination.id,
                    "lot_id": lots[:1].id,
                }
            )
        ]
        move.picked = True
        move._action_done()
        return move
