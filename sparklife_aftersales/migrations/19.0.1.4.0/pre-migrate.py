# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.4.0:

- A request and a return carry the policy's answer under the same names: the
  request's ``eligibility``, ``eligibility_reason``, ``eligibility_deadline``
  and ``photo_count`` become ``aftersales_eligibility``,
  ``aftersales_reason``, ``aftersales_deadline`` and
  ``aftersales_photo_count``, as on the return. The columns and the fields are
  renamed in place (their values, tracking history and translations stay),
  and so are the names in users' saved filters, export lists and custom views.
- Coverage follows the product's category, a product's own choice overriding
  it. Products covered before keep it as their own choice; the others follow
  their category, which covers nothing until a manager says so: no product's
  coverage changes on the upgrade.
"""

import json
import re

from odoo.tools.sql import column_exists

#: (old name, new name) of the request's fields.
TICKET_RENAMES = (
    ("eligibility", "aftersales_eligibility"),
    ("eligibility_reason", "aftersales_reason"),
    ("eligibility_deadline", "aftersales_deadline"),
    ("photo_count", "aftersales_photo_count"),
)


def _rename_in_text(text, old, new, anywhere=False):
    """``text`` with the field name ``old`` replaced by ``new`` where it
    stands as a name: anywhere it is a whole word not following a dot (a
    saved filter's domain, context or order), or else only right after a
    quote (a view's ``name="..."`` or expression)."""
    before = r"(?<![\w.])" if anywhere else r"(?<=[\"'])"
    return re.sub(rf"{before}{re.escape(old)}(?!\w)", new, text)


def _rename_ticket_fields(cr):
    for old, new in TICKET_RENAMES:
        if column_exists(cr, "helpdesk_ticket", old) and not column_exists(
            cr, "helpdesk_ticket", new
        ):
            cr.execute(f'ALTER TABLE helpdesk_ticket RENAME COLUMN "{old}" TO "{new}"')
        cr.execute(
            "UPDATE ir_model_fields SET name = %s"
            " WHERE model = 'helpdesk.ticket' AND name = %s",
            [new, old],
        )
        cr.execute(
            "UPDATE ir_model_data SET name = replace(name, %s, %s)"
            " WHERE module = 'sparklife_aftersales'"
            " AND (name = %s OR starts_with(name, %s))",
            [
                f"helpdesk_ticket__{old}",
                f"helpdesk_ticket__{new}",
                f"field_helpdesk_ticket__{old}",
                f"selection__helpdesk_ticket__{old}__",
            ],
        )
    # What users saved: filters, export lists and views of their own.
    cr.execute(
        "SELECT id, domain, context, sort FROM ir_filters"
        " WHERE model_id = 'helpdesk.ticket'"
    )
    for filter_id, *texts in cr.fetchall():
        renamed = list(texts)
        for old, new in TICKET_RENAMES:
            renamed = [
                text and _rename_in_text(text, old, new, anywhere=True)
                for text in renamed
            ]
        if renamed != texts:
            cr.execute(
                "UPDATE ir_filters SET domain = %s, context = %s, sort = %s"
                " WHERE id = %s",
                [*renamed, filter_id],
            )
    cr.execute(
        """
        SELECT line.id, line.name FROM ir_exports_line line
          JOIN ir_exports export ON export.id = line.export_id
         WHERE export.resource = 'helpdesk.ticket'
        """
    )
    for line_id, name in cr.fetchall():
        first, _dot, rest = (name or "").partition("/")
        for old, new in TICKET_RENAMES:
            if first == old:
                cr.execute(
                    "UPDATE ir_exports_line SET name = %s WHERE id = %s",
                    [new + (f"/{rest}" if rest else ""), line_id],
                )
    cr.execute(
        """
        SELECT view.id, view.arch_db FROM ir_ui_view view
         WHERE view.model = 'helpdesk.ticket'
           AND NOT EXISTS (
                SELECT 1 FROM ir_model_data d
                 WHERE d.model = 'ir.ui.view' AND d.res_id = view.id
                   AND d.module = 'sparklife_aftersales')
        """
    )
    for view_id, arch in cr.fetchall():
        renamed = dict(arch or {})
        for lang, text in renamed.items():
            for old, new in TICKET_RENAMES:
                text = _rename_in_text(text, old, new)
            renamed[lang] = text
        if renamed != arch:
            cr.execute(
                "UPDATE ir_ui_view SET arch_db = %s::jsonb WHERE id = %s",
                [json.dumps(renamed), view_id],
            )


def migrate(cr, version):
    if not version:
        return
    _rename_ticket_fields(cr)
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
