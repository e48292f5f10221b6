# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.7.0: a purchased item has an owner, who may no longer be its buyer.
Until now every piece was its buyer's: the new columns are filled in SQL
before the update, so that the ORM does not compute them line by line on a
large database. No piece has changed hands yet, so none has a date of
transfer."""

from odoo.tools.sql import column_exists, create_column


def migrate(cr, version):
    if not version or column_exists(cr, "sale_order_line", "aftersales_owner_id"):
        return
    create_column(cr, "sale_order_line", "aftersales_owner_id", "int4")
    create_column(cr, "sale_order_line", "aftersales_transferred_on", "date")
    cr.execute(
        """
        UPDATE sale_order_line line
           SET aftersales_owner_id = sale.partner_id
          FROM sale_order sale
         WHERE sale.id = line.order_id
        """
    )
