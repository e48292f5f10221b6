# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.4.0: the tracking link has a token of its own (each existing
request gets its own when the field is added). The quotation's SMS, kept as
staff may have edited it, carries the tracking link instead of the order's
portal link, in every language. The links sent before carried the
request's portal token, which also opens its portal page: that token is
renewed (emptied, made anew when next needed), so they open nothing."""

OLD_LINK = (
    "{{ object.sale_order_id.get_base_url() + "
    "object.sale_order_id.get_portal_url() }}"
)
NEW_LINK = "{{ object.aftersales_tracking_url() }}"


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE helpdesk_ticket SET access_token = NULL"
        " WHERE aftersales_service IS NOT NULL"
    )
    cr.execute(
        """
        UPDATE sms_template t
           SET body = replace(t.body::text, %(old)s, %(new)s)::jsonb
          FROM ir_model_data d
         WHERE d.module = 'sparklife_aftersales'
           AND d.name = 'sms_template_step_quotation'
           AND d.model = 'sms.template'
           AND t.id = d.res_id
           AND strpos(t.body::text, %(old)s) > 0
        """,
        {"old": OLD_LINK, "new": NEW_LINK},
    )
