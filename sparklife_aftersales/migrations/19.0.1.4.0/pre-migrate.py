# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.4.0:

- A request and a return carry the policy's answer under the same names: the
  request's ``eligibility``, ``eligibility_reason``, ``eligibility_deadline``
  and ``photo_count`` become ``aftersales_eligibility``,
  ``aftersales_reason``, ``aftersales_deadline`` and
  ``aftersales_photo_count``, as on the return (see
  :mod:`~odoo.addons.sparklife_aftersales.field_renames`: values, history, users'
  filters, export lists and views follow).
- Coverage follows the product's category, a product's own choice overriding
  it. Products covered before keep it as their own choice; the others follow
  their category, which covers nothing until a manager says so: no product's
  coverage changes on the upgrade.
"""

from odoo.addons.sparklife_aftersales.field_renames import rename_fields

RENAMES = {
    "helpdesk.ticket": {
        "eligibility": "aftersales_eligibility",
        "eligibility_reason": "aftersales_reason",
        "eligibility_deadline": "aftersales_deadline",
        "photo_count": "aftersales_photo_count",
    },
}


def migrate(cr, version):
    if not version:
        return
    rename_fields(cr, RENAMES)
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
