# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A request names the piece: the serial number among its item's (the only
one when there is one). Typing a serial or a certificate number finds the
piece, and with it the item and the customer."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_lot_ids = fields.Many2many(
        related="aftersales_sale_line_id.aftersales_lot_ids",
        string="Item's serial numbers",
    )
    aftersales_lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Serial number",
        compute="_compute_aftersales_lot_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        domain="aftersales_sale_line_id and [('id', 'in', aftersales_lot_ids)] "
        "or [('aftersales_sale_line_ids', '!=', False)]",
        help="The piece concerned, among the item's serial numbers; type a serial "
        "or a certificate number to find it.",
    )
    aftersales_certificate_id = fields.Many2one(
        related="aftersales_lot_id.aftersales_certificate_id", string="Certificate"
    )

    @api.depends("aftersales_sale_line_id")
    def _compute_aftersales_lot_id(self):
        for ticket in self:
            lots = ticket.aftersales_sale_line_id.aftersales_lot_ids
            if ticket.aftersales_lot_id in lots:
                continue
            ticket.aftersales_lot_id = lots if len(lots) == 1 else False

    @api.onchange("aftersales_lot_id")
    def _onchange_aftersales_lot_id(self):
        # Found by its serial or certificate: the piece brings its item.
        item = self.aftersales_lot_id.aftersales_sale_line_id
        if (
            item
            and self.aftersales_lot_id
            not in self.aftersales_sale_line_id.aftersales_lot_ids
        ):
            self.aftersales_sale_line_id = item
            if not self.partner_id:
                self.partner_id = item.aftersales_owner_id

    @api.constrains("aftersales_lot_id", "aftersales_sale_line_id")
    def _check_aftersales_lot_id(self):
        for ticket in self:
            lot = ticket.aftersales_lot_id
            lots = ticket.aftersales_sale_line_id.aftersales_lot_ids
            if lot and lots and lot not in lots:
                raise ValidationError(
                    self.env._(
                        "Serial number %(serial)s was not delivered with %(item)s.",
                        serial=lot.name,
                        item=ticket.aftersales_sale_line_id.display_name,
                    )
                )

    @api.constrains("aftersales_lot_id", "aftersales_sale_line_id")
    def _check_aftersales_piece_not_missing(self):
        for ticket in self.filtered("aftersales_sale_line_id"):
            (
                ticket.aftersales_lot_id
                or ticket.aftersales_sale_line_id.sudo().aftersales_lot_ids
            )._aftersales_staff_block()
