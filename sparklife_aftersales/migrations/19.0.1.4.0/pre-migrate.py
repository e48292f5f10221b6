# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.4.0: coverage follows the product's category, a product's own
choice overriding it. Products covered before keep it as their own choice;
the others follow their category, which covers nothing until a manager says
so: no product's coverage changes on the upgrade."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "ALTER TABLE product_template ADD COLUMN IF NOT EXISTS aftersales_coverage varchar"
    )
    cr.execute(
        """
        UPDATE product_template
           SET aftersales_coverage = CASE WHEN aftersales_covered
                                          THEN 'covered' ELSE 'category' END
         WHERE aftersales_coverage IS NULL
        """
    )
