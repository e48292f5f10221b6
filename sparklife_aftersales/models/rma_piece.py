# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A return proves the same piece came back.

An RMA names the serial number of the piece returned. The receipt records the
serial of the piece that actually arrived (Odoo asks for it on a product
tracked by serial): when it is not one delivered with that item to that
customer, the return is refused by the policy (so it is not refunded), flagged
for a manager, the customer is told, and the piece goes back to them. The
certificate is expected back only when the piece has one on record."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class Rma(models.Model):
    _inherit = "rma"

    aftersales_lot_ids = fields.Many2many(
        related="aftersales_line_id.aftersales_lot_ids", string="Serials sold"
    )
    aftersales_lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Serial number",
        compute="_compute_aftersales_lot_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain="[('id', 'in', aftersales_lot_ids)]",
        help="The piece the customer returns, among the item's serial numbers.",
    )
    aftersales_received_lot_ids = fields.Many2many(
        comodel_name="stock.lot",
        string="Serial received",
        compute="_compute_aftersales_received_lot_ids",
        help="The serial number recorded on receipt of the returned piece.",
    )
    aftersales_piece_mismatch = fields.Boolean(
        string="Not the piece sold",
        readonly=True,
        copy=False,
        tracking=True,
        help="The piece received does not carry a serial number delivered with "
        "this item to this customer: it is not refunded, it goes back to the "
        "customer, and a manager looks into it.",
    )
    aftersales_certificate_id = fields.Many2one(
        related="aftersales_lot_id.aftersales_certificate_id",
        string="Certificate expected",
    )

    @api.depends("aftersales_line_id", "aftersales_ticket_id.aftersales_lot_id")
    def _compute_aftersales_lot_id(self):
        for rma in self:
            lots = rma.aftersales_line_id.aftersales_lot_ids
            named = rma.aftersales_ticket_id.aftersales_lot_id or rma.aftersales_lot_id
            if named in lots:
                rma.aftersales_lot_id = named
            else:
                rma.aftersales_lot_id = lots if len(lots) == 1 else False

    @api.depends("reception_move_id.state", "reception_move_id.move_line_ids.lot_id")
    def _compute_aftersales_received_lot_ids(self):
        for rma in self:
            move = rma.reception_move_id
            rma.aftersales_received_lot_ids = (
                move.move_line_ids.lot_id if move.state == "done" else False
            )

    @api.constrains("aftersales_lot_id", "aftersales_line_id")
    def _check_aftersales_lot_id(self):
        for rma in self:
            lot = rma.aftersales_lot_id
            if lot and lot not in rma.aftersales_line_id.aftersales_lot_ids:
                raise ValidationError(
                    self.env._(
                        "%(rma)s: serial number %(serial)s was not delivered with "
                        "%(item)s.",
                        rma=rma.name,
                        serial=lot.name,
                        item=rma.aftersales_line_id.display_name,
                    )
                )

    def _aftersales_same_piece(self):
        """For the policy: whether the piece received is one sold on the item
        to this customer; None while unknown (not received, or an item whose
        pieces have no serial number)."""
        self.ensure_one()
        if self.aftersales_piece_mismatch:
            return False
        sold = self.aftersales_line_id.aftersales_lot_ids
        received = self.aftersales_received_lot_ids
        if not sold or not received:
            return None
        return received <= sold

    def _aftersales_certificate_expected(self):
        """The certificate is a condition of the return unless the piece is
        known to have none: a serial-numbered piece without certificate on
        record has nothing to send back."""
        self.ensure_one()
        lot = self.aftersales_lot_id
        return not lot or bool(lot.aftersales_certificate_id)

    def update_received_state_on_reception(self):
        result = super().update_received_state_on_reception()
        for rma in self._aftersales_governed():
            if rma._aftersales_same_piece() is False:
                rma._aftersales_refuse_other_piece()
        return result

    def _aftersales_refuse_other_piece(self):
        """Another piece came back: flag it for a manager, tell the customer
        and send the piece back (OCA's return to the customer)."""
        self.ensure_one()
        received = self.aftersales_received_lot_ids
        self.aftersales_piece_mismatch = True
        manager = self._aftersales_manager(self.aftersales_ticket_id.team_id)
        if manager:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.env._("Not the piece sold"),
                note=self.env._(
                    "Serial %(received)s received instead of %(sold)s.",
                    received=", ".join(received.mapped("name")),
                    sold=", ".join(
                        self.aftersales_line_id.aftersales_lot_ids.mapped("name")
                    ),
                ),
            )
        self._aftersales_send_back(self._aftersales_decision())
        for move in self.delivery_move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        ):
            # The very piece received goes back, not another of the same product.
            move._do_unreserve()
            for lot in received:
                move._update_reserved_quantity(
                    1, move.location_id, lot_id=lot, strict=False
                )

    @api.constrains("aftersales_lot_id", "aftersales_line_id")
    def _check_aftersales_piece_not_missing(self):
        for rma in self.filtered("aftersales_line_id"):
            (
                rma.aftersales_lot_id
                or rma.aftersales_line_id.sudo().aftersales_lot_ids
            )._aftersales_staff_block()
