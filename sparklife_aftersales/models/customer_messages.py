# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How the addon tells customers something, always from templates staff edit
and translate: an email posted on each record by Odoo's composer in batch
(:func:`tell_customers`), or sent in bulk at a mailing's price by Odoo's
template engine (:func:`mail_customers`, reminders), and an SMS
(:func:`text_customers`)."""

import secrets

from markupsafe import Markup, escape

from odoo.tools import SQL

from .batching import jobs_enabled

#: The email layout of the messages sent in bulk (:func:`mail_customers`).
BULK_LAYOUT = "mail.mail_notification_light"
#: The context key that asks ``mail.mail`` to create the emails of this
#: template (its id) wrapped in :data:`BULK_LAYOUT` (:func:`wrap_in_layout`).
BULK_LAYOUT_CONTEXT = "aftersales_bulk_layout_template_id"


def tell_customers(records, template):
    """Post ``template`` on each of ``records`` as a comment to its customer,
    and return the messages.

    On a ``mail.thread`` model the comment is posted on the record (records
    without a customer are skipped); on another model (a purchased item) it
    is a notification attached to the record, sent to the customer the
    template names (its ``partner_to``).

    Odoo's composer renders the template for the whole batch at once, in each
    customer's language (the template's ``lang``), and posts it on each
    record: the customer finds it on the record's portal page, and followers,
    notification preferences, the portal link and the full email layout
    apply. The emails are queued for the mail queue, not sent during the job,
    and the comment is not a staff answer (service levels). On queue_job
    they are sent by jobs on the email channel (see ``mail.mail``)."""
    if "partner_id" in records._fields:
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
            default_email_layout_xmlid="mail.mail_notification_layout",
            mail_notify_force_send=False,
            aftersales_automated=True,
        )
        .create(
            {"message_type": "comment", "subtype_id": env.ref("mail.mt_comment").id}
        )
    )
    _mails, messages = composer._action_send_mail()
    if jobs_enabled(env):
        env["mail.mail"].sudo().search(
            [("mail_message_id", "in", messages.ids)]
        )._aftersales_send_on_channel()
    return messages


def mail_customers(records, template):
    """Queue the email ``template`` to the customer of each of ``records``
    (purchased items; the template's recipients), and return the emails.

    For messages a job sends to many customers at once (reminders), at the
    price of a mass mailing: Odoo's batch engine for templates renders them
    a batch at a time in each customer's language, and each email is
    created wrapped in Odoo's light layout (the company's logo and footer,
    the piece named in the header; see :func:`wrap_in_layout`) the way
    Odoo's composer does in mass mode: the email carries the layout, the
    message kept with it only what was written, which spares the sanitizer
    the whole layout. A template that names a layout of its own is
    rendered in it by Odoo. Unlike :func:`tell_customers`, no message is
    posted for followers or inboxes: the caller keeps the trace. On
    queue_job they are sent by jobs on the email channel (see
    ``mail.mail``)."""
    if not records:
        return records.env["mail.mail"]
    if template.email_layout_xmlid:
        mails = template.send_mail_batch(records.ids)
    else:
        mails = template.with_context(
            **{BULK_LAYOUT_CONTEXT: template.id}
        ).send_mail_batch(records.ids)
        mails = mails.with_context(**{BULK_LAYOUT_CONTEXT: False})
    if jobs_enabled(records.env):
        mails._aftersales_send_on_channel()
    return mails


def wrap_in_layout(template, vals_list):
    """Wrap the bodies of the emails about to be created from ``vals_list``
    (``template`` rendered on purchased items) in :data:`BULK_LAYOUT`, each
    in its customer's language, before they are written.

    The layout is rendered once per language and company, around markers
    where each email's piece and message then go: what differs from one
    customer to the next is only what the template rendered for her."""
    items = template.env[template.model].browse(vals["res_id"] for vals in vals_list)
    langs = template._render_lang(items.ids)
    companies = items._mail_get_companies(default=template.env.company)
    layouts = {}
    for vals in vals_list:
        item = items.browse(vals["res_id"])
        lang = langs.get(item.id) or template.env.lang
        company = companies[item.id]
        if (lang, company) not in layouts:
            layouts[lang, company] = _BulkLayout(
                template.with_context(lang=lang), company
            )
        vals["body_html"] = layouts[lang, company].around(
            vals.get("body_html"), item.with_context(lang=lang).product_id.name
        )


class _BulkLayout:
    """:data:`BULK_LAYOUT` rendered once for a language and a company, with
    markers in place of the piece's name and of the message."""

    def __init__(self, template, company):
        marker = secrets.token_hex(8)
        self.name_marker = f"sparklife-piece-{marker}"
        self.body_marker = f"sparklife-body-{marker}"
        self.html = str(
            template._render_encapsulate(
                BULK_LAYOUT,
                Markup(self.body_marker),
                add_context={
                    "company": company,
                    "model_description": template.env._("piece"),
                    "record_name": self.name_marker,
                },
            )
        )

    def around(self, body, name):
        """The layout with the piece ``name`` (escaped as the layout's
        ``t-out`` does) and the already rendered ``body`` in their places."""
        piece = str(escape((name or "").replace("/", "-")))
        return self.html.replace(self.name_marker, piece).replace(
            self.body_marker, body or ""
        )


def _blocked_numbers(env, numbers):
    """Which of ``numbers`` (sanitized, as Odoo keeps them on partners and
    in its phone blacklist) are blacklisted: one read of the blacklist for
    the whole batch, as Odoo's mass SMS reads it. The partners' own
    blacklist flag would format every number again to search the
    blacklist (the numbers are already in its format)."""
    numbers = [number for number in numbers if number]
    if not numbers:
        return set()
    env["phone.blacklist"].flush_model(["number", "active"])
    env.cr.execute(
        SQL(
            "SELECT number FROM phone_blacklist WHERE active AND number = ANY(%s)",
            numbers,
        )
    )
    return {number for (number,) in env.cr.fetchall()}


def text_customers(records, template, partners):
    """Queue the SMS ``template``, rendered for each of ``records`` in its
    customer's language, to each record's customer in ``partners`` (a dict
    record: partner); customers without a mobile number, or who blocked
    it, are skipped. On queue_job they are sent by a job on the SMS channel
    (see ``sms.sms``). Returns the records texted."""
    blocked = _blocked_numbers(
        records.env, {partner.phone_sanitized for partner in partners.values()}
    )
    texted = records.filtered(
        lambda r: partners[r].phone_sanitized
        and partners[r].phone_sanitized not in blocked
    )
    if not texted or not template:
        return texted.browse()
    bodies = template.sudo()._render_field("body", texted.ids, compute_lang=True)
    texted.env["sms.sms"]._aftersales_queue(
        [
            {
                "number": partners[record].phone_sanitized,
                "partner_id": partners[record].id,
                "body": bodies[record.id],
                "state": "outgoing",
            }
            for record in texted
        ]
    )
    return texted
