# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A serial number is a piece: who bought it, its coverage, its certificate,
and the requests and returns about it. Found by serial or certificate
number."""

from odoo import api, fields, models
from odoo.fields import Domain

GROUP = "sparklife_aftersales.group_aftersales_user"


class StockLot(models.Model):
    _inherit = "stock.lot"

    aftersales_sale_line_ids = fields.Many2many(
        groups=GROUP,
        comodel_name="sale.order.line",
        relation="sale_order_line_aftersales_lot_rel",
        column1="lot_id",
        column2="sale_line_id",
        string="Sold on",
        readonly=True,
        help="The purchased items this piece was delivered with.",
    )
    aftersales_sale_line_id = fields.Many2one(
        groups=GROUP,
        comodel_name="sale.order.line",
        string="Purchased item",
        compute="_compute_aftersales_sale_line_id",
        search="_search_aftersales_sale_line_id",
        help="The last sale of this piece: its coverage is the piece's.",
    )
    aftersales_partner_id = fields.Many2one(
        groups=GROUP,
        related="aftersales_sale_line_id.aftersales_owner_id",
        string="Owner",
    )
    aftersales_order_id = fields.Many2one(
        groups=GROUP, related="aftersales_sale_line_id.order_id", string="Sale order"
    )
    aftersales_purchase_date = fields.Date(
        groups=GROUP,
        related="aftersales_sale_line_id.aftersales_purchase_date",
        string="Purchased on",
    )
    aftersales_received_date = fields.Date(
        groups=GROUP,
        related="aftersales_sale_line_id.aftersales_received_date",
        string="Received on",
    )
    aftersales_warranty_end = fields.Date(
        groups=GROUP,
        related="aftersales_sale_line_id.aftersales_warranty_end",
        string="Warranty until",
    )
    aftersales_warranty_active = fields.Boolean(
        groups=GROUP,
        related="aftersales_sale_line_id.aftersales_warranty_active",
        string="Under warranty",
    )
    aftersales_adjustable = fields.Boolean(
        groups=GROUP,
        related="aftersales_sale_line_id.aftersales_adjustable",
        string="Adjustable",
    )
    aftersales_free_resize_end = fields.Date(
        groups=GROUP,
        related="aftersales_sale_line_id.aftersales_free_resize_end",
        string="Free resize until",
    )
    aftersales_free_resizes_remaining = fields.Integer(
        groups=GROUP,
        related="aftersales_sale_line_id.aftersales_free_resizes_remaining",
        string="Free resizes left",
    )
    aftersales_free_resize_available = fields.Boolean(
        groups=GROUP,
        related="aftersales_sale_line_id.aftersales_free_resize_available",
        string="Free resize available",
    )
    aftersales_certificate_ids = fields.One2many(
        comodel_name="sparklife.aftersales.certificate",
        inverse_name="lot_id",
        string="Certificates",
    )
    aftersales_certificate_id = fields.Many2one(
        comodel_name="sparklife.aftersales.certificate",
        string="Certificate",
        compute="_compute_aftersales_certificate_id",
    )
    aftersales_ticket_ids = fields.One2many(
        groups=GROUP,
        comodel_name="helpdesk.ticket",
        inverse_name="aftersales_lot_id",
        string="Service requests",
    )
    aftersales_rma_ids = fields.One2many(
        groups=GROUP,
        comodel_name="rma",
        inverse_name="aftersales_lot_id",
        string="Returns",
    )
    aftersales_ticket_count = fields.Integer(
        groups=GROUP, string="Requests", compute="_compute_aftersales_counts"
    )
    aftersales_rma_count = fields.Integer(
        groups=GROUP, string="Returns count", compute="_compute_aftersales_counts"
    )

    @api.model
    def _search_display_name(self, operator, value):
        """A piece is also found by its certificate's number."""
        domain = super()._search_display_name(operator, value)
        if operator in ("ilike", "=ilike", "=", "in") and value:
            # sudo: the number is not secret; only the lots found are read.
            certificates = (
                self.env["sparklife.aftersales.certificate"]
                .sudo()
                .search([("number", operator, value)])
            )
            if certificates:
                domain = Domain.OR(
                    [domain, Domain("id", "in", certificates.lot_id.ids)]
                )
        return domain

    @api.depends("aftersales_sale_line_ids.aftersales_purchase_date")
    def _compute_aftersales_sale_line_id(self):
        for lot in self:
            lines = lot.aftersales_sale_line_ids.sorted(
                lambda line: (
                    line.aftersales_purchase_date or fields.Date.today(),
                    line.id,
                )
            )
            lot.aftersales_sale_line_id = lines[-1:]

    def _search_aftersales_sale_line_id(self, operator, value):
        return [("aftersales_sale_line_ids", operator, value)]

    @api.depends("aftersales_certificate_ids")
    def _compute_aftersales_certificate_id(self):
        for lot in self:
            lot.aftersales_certificate_id = lot.aftersales_certificate_ids[:1]

    @api.depends("aftersales_ticket_ids", "aftersales_rma_ids")
    def _compute_aftersales_counts(self):
        for lot in self:
            lot.aftersales_ticket_count = len(lot.aftersales_ticket_ids)
            lot.aftersales_rma_count = len(lot.aftersales_rma_ids)

    def action_aftersales_open_item(self):
        self.ensure_one()
        return self.aftersales_sale_line_id.action_aftersales_open_item()

    def action_aftersales_view_requests(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Requests about %(serial)s", serial=self.name),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "domain": [("aftersales_lot_id", "=", self.id)],
            "context": {
                "default_aftersales_lot_id": self.id,
                "default_aftersales_sale_line_id": self.aftersales_sale_line_id.id,
                "default_partner_id": self.aftersales_partner_id.id,
            },
        }

    def action_aftersales_view_returns(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Returns of %(serial)s", serial=self.name),
            "res_model": "rma",
            "view_mode": "list,form",
            "domain": [("aftersales_lot_id", "=", self.id)],
            "context": {"create": False},
        }
