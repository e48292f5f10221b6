# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.4.0: the shipped-back email leaves out the carrier or the tracking
reference when it is not known, instead of "Carrier: ." The template is kept
on update (staff may have edited it): its line is replaced where it is still
the one the addon shipped, in English and in French."""

import json

LINES = {
    # English
    '<p t-if="object.outbound_carrier or object.outbound_tracking_ref">'
    "Carrier: <t t-out=\"object.outbound_carrier or ''\">Colissimo</t>. "
    "Tracking reference: <strong t-out=\"object.outbound_tracking_ref or ''\">"
    "6A12345678901</strong>.</p>": (
        '<p t-if="object.outbound_carrier">Carrier: '
        '<t t-out="object.outbound_carrier">Colissimo</t>.</p>\n    '
        '<p t-if="object.outbound_tracking_ref">Tracking reference: '
        '<strong t-out="object.outbound_tracking_ref">6A12345678901</strong>.</p>'
    ),
    # French
    '<p t-if="object.outbound_carrier or object.outbound_tracking_ref">'
    "Transporteur : <t t-out=\"object.outbound_carrier or ''\">Colissimo</t>. "
    "Numéro de suivi : <strong t-out=\"object.outbound_tracking_ref or ''\">"
    "6A12345678901</strong>.</p>": (
        '<p t-if="object.outbound_carrier">Transporteur : '
        '<t t-out="object.outbound_carrier">Colissimo</t>.</p>\n    '
        '<p t-if="object.outbound_tracking_ref">Numéro de suivi : '
        '<strong t-out="object.outbound_tracking_ref">6A12345678901</strong>.</p>'
    ),
}


def _renamed(text):
    """``text`` with the names 19.0.1.5.0 gives the fields (its pre-migration
    renames them in the templates before this script runs)."""
    return text.replace("object.outbound_", "object.aftersales_outbound_")


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT t.id, t.body_html
          FROM mail_template t
          JOIN ir_model_data d
            ON d.res_id = t.id AND d.model = 'mail.template'
           AND d.module = 'sparklife_aftersales'
           AND d.name = 'mail_template_step_shipped'
        """
    )
    for template_id, bodies in cr.fetchall():
        changed = {}
        for lang, body in (bodies or {}).items():
            new = body
            for old, lines in LINES.items():
                new = new.replace(old, lines).replace(_renamed(old), _renamed(lines))
            if new != body:
                changed[lang] = new
        if changed:
            cr.execute(
                "UPDATE mail_template SET body_html = body_html || %s::jsonb"
                " WHERE id = %s",
                [json.dumps(changed), template_id],
            )
