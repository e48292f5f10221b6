# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..const import REDESIGN_SERVICE_KIND
from .batching import due_batch, process_in_batches
from .customer_messages import tell_customers


class SaleOrder(models.Model):
    _inherit = "sale.order"

    aftersales_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Service request",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The after-sales request this quotation prices.",
    )
    aftersales_item_count = fields.Integer(
        string="Purchased Items", compute="_compute_aftersales_item_count"
    )

    @api.depends("order_line.is_aftersales_item")
    def _compute_aftersales_item_count(self):
        counts = dict(
            self.env["sale.order.line"]._read_group(
                [("order_id", "in", self.ids), ("is_aftersales_item", "=", True)],
                ["order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.aftersales_item_count = counts.get(order, 0)

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        if self.aftersales_ticket_id:
            values["aftersales_ticket_id"] = self.aftersales_ticket_id.id
        return values

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals:
            # sudo: the customer who signs in the portal moves their request
            # on, without rights on requests.
            self.aftersales_ticket_id.sudo()._aftersales_sync_stage()
            if vals["state"] == "sent":
                self.aftersales_ticket_id.sudo()._aftersales_notify("quotation")
        return result

    def action_quotation_send(self):
        self._aftersales_check_priced()
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self._aftersales_check_priced()
        return super().action_quotation_sent()

    def action_confirm(self):
        self._aftersales_check_priced()
        return super().action_confirm()

    def _action_confirm(self):
        result = super()._action_confirm()
        # The care plans sold on these orders, once their pieces are purchased
        # items (the pieces of these same orders included).
        self.order_line._aftersales_create_care_plans()
        return result

    def _aftersales_check_priced(self):
        """Services priced per design (a redesign) are priced by staff on the
        quotation: it cannot go to the customer at no price."""
        for order in self.filtered("aftersales_ticket_id"):
            unpriced = order.order_line.filtered(
                lambda line: line.product_id.aftersales_service_kind
                == REDESIGN_SERVICE_KIND
                and line.currency_id.is_zero(line.price_unit)
            )
            if unpriced:
                raise UserError(
                    self.env._(
                        "Set the price of %(service)s on %(order)s first: it is "
                        "priced for each design.",
                        service=unpriced[0].product_id.display_name,
                        order=order.name,
                    )
                )

    def action_view_aftersales_items(self):
        """Open the after-sales coverage of this order's items."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sparklife_aftersales.action_purchased_items"
        )
        action["domain"] = [
            ("order_id", "in", self.ids),
            ("is_aftersales_item", "=", True),
        ]
        action["context"] = {}
        return action

    def action_view_aftersales_ticket(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.aftersales_ticket_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    @api.model
    def _aftersales_expire_quotations(self, batch_size):
        """Cancel the quotations of paid services past their validity date,
        telling the customer and the request."""
        return process_in_batches(
            self.sudo(),
            self._aftersales_expired_quotations_domain(),
            "_aftersales_expire_batch",
            batch_size,
        )

    @api.model
    def _aftersales_expired_quotations_domain(self):
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        return (
            Domain("aftersales_ticket_id", "!=", False)
            & Domain("state", "in", ["draft", "sent"])
            & Domain.OR(
                Domain("company_id", "=", company.id)
                & Domain("validity_date", "<", company._aftersales_today())
                for company in companies
            )
        )

    def _aftersales_expire_batch(self):
        """One batch of the expiry job; returns how many were cancelled."""
        orders = due_batch(self, self._aftersales_expired_quotations_domain())
        orders._action_cancel()
        tell_customers(
            orders,
            self.env.ref("sparklife_aftersales.mail_template_quotation_expired"),
        )
        for order in orders:
            order.aftersales_ticket_id.message_post(
                body=order.env._(
                    "Service quotation %(order)s expired unaccepted and was "
                    "cancelled.",
                    order=order._get_html_link(),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return len(orders)
