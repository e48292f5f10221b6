# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one way the addon's jobs tell customers something: a mail template
staff edit and translate, posted on each record by Odoo's composer in batch."""


def tell_customers(records, template):
    """Post ``template`` on each of ``records`` (a ``mail.thread`` model) as
    a comment to its customer, and return the messages.

    Odoo's composer renders the template for the whole batch at once, in each
    customer's language (the template's ``lang``), and posts it on each
    record: the customer finds it on the record's portal page, and followers,
    notification preferences, the portal link and the full email layout
    apply. The emails are queued for the mail queue, not sent during the job,
    and the comment is not a staff answer (service levels)."""
    records = records.filtered("partner_id")
    if not records:
        return records.env["mail.message"]
    env = records.env
    composer = (
        env["mail.compose.message"]
        .with_context(
            default_composition_mode="comment",
            default_model=records._name,
            default_res_ids=records.ids,
            default_template_id=template.id,
            mail_notify_force_send=False,
            aftersales_automated=True,
        )
        .create(
            {"message_type": "comment", "subtype_id": env.ref("mail.mt_comment").id}
        )
    )
    _mails, messages = composer._action_send_mail()
    return messages
