# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.1.0: purchased items are the sales of products *Covered by
after-sales*. Every product that already had purchased items is covered, so
that no customer's piece loses its coverage on the upgrade."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "ALTER TABLE product_template ADD COLUMN IF NOT EXISTS aftersales_covered boolean"
    )
    cr.execute(
        """
        UPDATE product_template template
           SET aftersales_covered = true
         WHERE EXISTS (
                SELECT 1
                  FROM product_product product
                  JOIN sale_order_line line ON line.product_id = product.id
                 WHERE product.product_tmpl_id = template.id
                   AND line.is_aftersales_item
               )
        """
    )
