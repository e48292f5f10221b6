# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the reminder templates read on a purchased item: its last days as
the customer reads them, and the expressions Odoo renders without evaluating
code. With only those, Odoo renders a template for a whole batch without
compiling it for each item (the price of a mass mailing), and staff who are
not template editors may still reword the reminders."""

from odoo import api, fields, models
from odoo.tools.misc import format_date

#: The item's values the reminder templates use (emails and SMS).
REMINDER_EXPRESSIONS = (
    "object.aftersales_owner_id.id",
    "object.aftersales_owner_id.lang",
    "object.aftersales_owner_id.name",
    "object.company_id.email_formatted",
    "object.company_id.name",
    "object.order_id.name",
    "object.product_id.name",
    "object.product_id.display_name",
    "object.aftersales_free_resize_end_text",
    "object.aftersales_return_end_text",
    "object.aftersales_warranty_end_text",
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    aftersales_free_resize_end_text = fields.Char(
        string="Free Resize End (as written)",
        compute="_compute_aftersales_free_resize_end_text",
        help="Last day of the free resize, written in the reader's language.",
    )
    aftersales_return_end_text = fields.Char(
        string="Return End (as written)",
        compute="_compute_aftersales_return_end_text",
        help="Last day of the return, written in the reader's language.",
    )
    aftersales_warranty_end_text = fields.Char(
        string="Warranty End (as written)",
        compute="_compute_aftersales_warranty_end_text",
        help="Last day of the warranty, written in the reader's language.",
    )

    @api.depends("aftersales_free_resize_end")
    @api.depends_context("lang")
    def _compute_aftersales_free_resize_end_text(self):
        self._set_dates_as_written(
            "aftersales_free_resize_end", "aftersales_free_resize_end_text"
        )

    @api.depends("aftersales_return_end")
    @api.depends_context("lang")
    def _compute_aftersales_return_end_text(self):
        self._set_dates_as_written(
            "aftersales_return_end", "aftersales_return_end_text"
        )

    @api.depends("aftersales_warranty_end")
    @api.depends_context("lang")
    def _compute_aftersales_warranty_end_text(self):
        self._set_dates_as_written(
            "aftersales_warranty_end", "aftersales_warranty_end_text"
        )

    def _set_dates_as_written(self, date_field, text_field):
        """Set ``text_field`` to ``date_field`` as the reader writes dates;
        each day is written once (the items of a reminder batch mostly share
        their last day)."""
        written = {}
        for line in self:
            day = line[date_field]
            if day not in written:
                written[day] = format_date(self.env, day)
            line[text_field] = written[day]

    def mail_allowed_qweb_expressions(self):
        return super().mail_allowed_qweb_expressions() + REMINDER_EXPRESSIONS
