# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.11.0: the reminder templates read the item's last days as written
(``aftersales_*_end_text``) instead of formatting them with ``format_date``,
and their other values without a fallback (the sender is the company's
address; a company without one sends from Odoo's default sender, as before),
so that Odoo renders them for a whole batch without evaluating code. The templates are kept on update (staff
may have edited them): the expressions are replaced wherever they appear, in
every language, and the rest of the text is left as it is."""

import json
import re

from odoo.tools import SQL

TEMPLATES = {
    "mail.template": ("subject", "body_html", "email_from"),
    "sms.template": ("body",),
}
KINDS = ("free_resize", "return", "warranty")
FALLBACK = re.compile(r"""(t-out=["']object\.[\w.]+) or ''""")


def _rewritten(text):
    text = text.replace(
        "{{ object.company_id.email_formatted or user.email_formatted }}",
        "{{ object.company_id.email_formatted }}",
    )
    for kind in KINDS:
        end = f"object.aftersales_{kind}_end"
        text = text.replace(f"format_date({end}) or ''", f"{end}_text")
        text = text.replace(f"format_date({end})", f"{end}_text")
    return FALLBACK.sub(r"\1", text)


def migrate(cr, version):
    if not version:
        return
    for model, columns in TEMPLATES.items():
        table = model.replace(".", "_")
        cr.execute(
            """
            SELECT res_id FROM ir_model_data
             WHERE module = 'sparklife_aftersales' AND model = %s
               AND name LIKE %s
            """,
            [model, f"{table}_remind_%"],
        )
        ids = [row[0] for row in cr.fetchall()]
        if not ids:
            continue
        for column in columns:
            cr.execute(
                SQL(
                    "SELECT id, %s FROM %s WHERE id IN %s",
                    SQL.identifier(column),
                    SQL.identifier(table),
                    tuple(ids),
                )
            )
            for template_id, value in cr.fetchall():
                if not value:
                    continue
                # Translated columns hold a text per language; the sender
                # one text.
                if isinstance(value, dict):
                    new = {lang: _rewritten(text) for lang, text in value.items()}
                    stored = json.dumps(new)
                else:
                    new = stored = _rewritten(value)
                if new != value:
                    cr.execute(
                        SQL(
                            "UPDATE %s SET %s = %s WHERE id = %s",
                            SQL.identifier(table),
                            SQL.identifier(column),
                            stored,
                            template_id,
                        )
                    )
