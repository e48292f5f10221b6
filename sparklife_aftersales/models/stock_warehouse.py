# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Warehouses: the after-sales workshop of each warehouse, where customers'
pieces stay while they are serviced, and the operations that bring a piece
in and send it back."""

from odoo import api, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    aftersales_workshop_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="After-sales workshop",
        copy=False,
        check_company=True,
        help="Where customers' pieces stay while the workshop services them. "
        "They remain the customer's: their quants are owned by the customer.",
    )

    aftersales_in_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Pieces in for service",
        copy=False,
        check_company=True,
    )

    aftersales_out_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Serviced pieces back",
        copy=False,
        check_company=True,
    )

    def _get_picking_type_create_values(self, max_sequence):
        data, next_sequence = super()._get_picking_type_create_values(max_sequence)
        if "rma_in_type_id" in data:
            data["rma_in_type_id"]["use_create_lots"] = True
        return data, next_sequence

    @api.model
    def _aftersales_receipts_record_any_serial(self):
        """Returns and pieces in for service record the serial read on the
        piece, even one never seen here (a piece sold before serials were
        kept, or not the piece sold): their receipts may create it. Called on
        install and update for the warehouses that exist."""
        warehouses = self.with_context(active_test=False).search(
            [
                "|",
                ("rma_in_type_id", "!=", False),
                ("aftersales_in_type_id", "!=", False),
            ]
        )
        types = warehouses.rma_in_type_id | warehouses.aftersales_in_type_id
        types.filtered(lambda t: not t.use_create_lots).use_create_lots = True

    def _aftersales_workshop(self):
        """This warehouse, with its workshop location and operation types,
        created the first time the workshop needs them."""
        self.ensure_one()
        if self.aftersales_out_type_id:
            return self
        warehouse = self.sudo()
        location = warehouse.aftersales_workshop_location_id or self.env[
            "stock.location"
        ].sudo().create(
            {
                "name": self.env._("After-Sales Workshop"),
                "location_id": warehouse.view_location_id.id,
                "usage": "internal",
                "company_id": warehouse.company_id.id,
            }
        )
        customers = self.env.ref("stock.stock_location_customers")
        Type = self.env["stock.picking.type"].sudo()
        common = {"warehouse_id": warehouse.id, "company_id": warehouse.company_id.id}
        in_type = warehouse.aftersales_in_type_id or Type.create(
            {
                **common,
                "name": self.env._("Pieces in for service"),
                "code": "incoming",
                "sequence_code": "SVIN",
                "default_location_src_id": customers.id,
                "default_location_dest_id": location.id,
                "use_create_lots": True,
                "use_existing_lots": True,
            }
        )
        out_type = Type.create(
            {
                **common,
                "name": self.env._("Serviced pieces back"),
                "code": "outgoing",
                "sequence_code": "SVOUT",
                "default_location_src_id": location.id,
                "default_location_dest_id": customers.id,
                "return_picking_type_id": in_type.id,
            }
        )
        warehouse.write(
            {
                "aftersales_workshop_location_id": location.id,
                "aftersales_in_type_id": in_type.id,
                "aftersales_out_type_id": out_type.id,
            }
        )
        return self

    def _aftersales_for_company(self, company):
        """The warehouse whose workshop services ``company``'s pieces."""
        warehouse = self.search([("company_id", "=", company.id)], limit=1)
        return warehouse._aftersales_workshop() if warehouse else warehouse
