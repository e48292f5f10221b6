# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer portal: "My after-sales" (each purchased item with what it
is entitled to, the request form, the customer's requests and returns) and
the communication preferences.

Records are always searched with the customer's own rights (the record rules
of sale, helpdesk_mgmt and rma) and among the customer's purchases; only then
are they read with sudo to be shown. Purchased items are the one exception:
a piece handed over to the customer is on someone else's order, which the
order's rules hide, so items are searched with sudo among those the customer
owns (the domain names the owner: it is the check). Every decision is the
models'.
"""

import uuid

from psycopg2 import IntegrityError

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.rma_sale.controllers.rma_portal import PortalRma

from ..exceptions import AftersalesPieceMissing


class AftersalesPortal(CustomerPortalHelpdesk, PortalRma):
    """Extends the portal as OCA's helpdesk and RMA portals do, and after
    them: the entries of the portal's home count each request once."""

    # Home ---------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        partner = request.env.user.partner_id
        if "aftersales_item_count" in counters:
            values["aftersales_item_count"] = self._aftersales_count(
                "sale.order.line", self._aftersales_items_domain(partner)
            )
        if "aftersales_request_count" in counters:
            values["aftersales_request_count"] = self._aftersales_count(
                "helpdesk.ticket", self._aftersales_requests_domain(partner)
            ) + self._aftersales_count("rma", self._aftersales_returns_domain(partner))
        if "aftersales_waiting_count" in counters:
            tickets = self._aftersales_search(
                "helpdesk.ticket", self._aftersales_requests_domain(partner)
            )
            values["aftersales_waiting_count"] = len(
                tickets.sudo().filtered(lambda t: t._aftersales_customer_action())
            )
        # OCA's own entries (Tickets, RMA Orders) count only what our pages do
        # not show, so that the customer finds each request in one place.
        if "ticket_count" in counters:
            values["ticket_count"] = self._aftersales_count(
                "helpdesk.ticket", ~self._aftersales_requests_domain(partner)
            )
        if "rma_count" in counters:
            values["rma_count"] = self._aftersales_count(
                "rma", ~self._aftersales_all_returns_domain(partner)
            )
        return values

    def _aftersales_scope(self, model, domain):
        """Where to search ``model`` for ``domain``: the model and the domain,
        or None when the user may not read it at all (like some employees).
        Purchased items are searched with sudo, and then always within the
        items the user owns (see above)."""
        Model = request.env[model]
        if model == "sale.order.line":
            return Model.sudo(), Domain(domain) & self._aftersales_items_domain(
                request.env.user.partner_id
            )
        return (Model, domain) if Model.has_access("read") else (None, domain)

    def _aftersales_search(self, model, domain, field_names=None, **kwargs):
        """``model``'s records in ``domain`` that the user may read; with
        ``field_names``, these fields are read in the same query."""
        Model, domain = self._aftersales_scope(model, domain)
        if Model is None:
            return request.env[model]
        if field_names:
            return Model.search_fetch(domain, field_names, **kwargs)
        return Model.search(domain, **kwargs)

    def _aftersales_count(self, model, domain):
        Model, domain = self._aftersales_scope(model, domain)
        return 0 if Model is None else Model.search_count(domain)

    def _aftersales_items_domain(self, partner):
        return request.env["sale.order.line"]._aftersales_owned_by(partner)

    def _aftersales_requests_domain(self, partner):
        return Domain("partner_id", "child_of", partner.commercial_partner_id.id)

    def _aftersales_all_returns_domain(self, partner):
        """Every return shown on the customer's requests page: with their
        request, or on their own."""
        return Domain("partner_id", "child_of", partner.commercial_partner_id.id)

    def _aftersales_returns_domain(self, partner):
        """Returns asked for without a request (from the order page); the
        others are shown with their request."""
        return self._aftersales_all_returns_domain(partner) & Domain(
            "aftersales_ticket_id", "=", False
        )

    def _aftersales_item(self, line_id):
        """The customer's purchased item ``line_id``, with sudo to be shown,
        or an empty recordset when it is not one of theirs."""
        partner = request.env.user.partner_id
        line = self._aftersales_search(
            "sale.order.line",
            Domain("id", "=", line_id) & self._aftersales_items_domain(partner),
            limit=1,
        )
        return line.sudo()

    # Purchased items ----------------------------------------------------------

    @http.route(
        ["/my/aftersales", "/my/aftersales/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_aftersales(self, page=1, **kw):
        return self._aftersales_render_items(page)

    def _aftersales_page(self, model, domain, url, page, order, field_names=None):
        """One page of ``model``'s records in ``domain``, with sudo to be
        shown, and its pager; ``field_names`` are read with them."""
        pager = portal_pager(
            url=url,
            total=self._aftersales_count(model, domain),
            page=page,
            step=self._items_per_page,
        )
        records = self._aftersales_search(
            model,
            domain,
            order=order,
            field_names=field_names,
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        return records.sudo(), pager

    def _aftersales_render_items(self, page=1, error=None, status=200):
        partner = request.env.user.partner_id
        lines, pager = self._aftersales_page(
            "sale.order.line",
            self._aftersales_items_domain(partner),
            "/my/aftersales",
            page,
            order="aftersales_purchase_date desc, id desc",
            field_names=self._aftersales_items_fields(),
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "aftersales",
                "items": lines,
                "summaries": lines._aftersales_summary(),
                "format_day": request.env[
                    "sparklife.aftersales.policy"
                ].format_short_date,
                "credits": request.env[
                    "sparklife.aftersales.credit"
                ]._aftersales_spendable(partner),
                "pager": pager,
                "default_url": "/my/aftersales",
                "error": error,
            }
        )
        return request.render(
            "sparklife_aftersales.portal_my_aftersales", values, status=status
        )

    def _aftersales_items_fields(self):
        """What the page of purchased items reads of each line: what it
        shows and what the policy's summary reads. Read with the search,
        they are the only columns of the lines read (a line has many)."""
        return [
            "product_id",
            "order_id",
            "aftersales_purchase_date",
            "aftersales_received_date",
            "aftersales_transferred_on",
            *request.env["sale.order.line"]._aftersales_item_fields(),
        ]

    def _aftersales_not_found(self):
        return self._aftersales_render_items(
            error=request.env._(
                "This item is not among your purchases. Choose one of the "
                "pieces listed below."
            ),
            status=404,
        )

    @http.route(
        "/my/aftersales/item/<int:line_id>",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_aftersales_item(self, line_id, **kw):
        line = self._aftersales_item(line_id)
        if not line:
            return self._aftersales_not_found()
        return self._aftersales_render_item(line)

    def _aftersales_render_item(
        self,
        line,
        error=None,
        form=None,
        status=200,
        error_ticket=None,
        transfer_error=None,
        transfer_email=None,
        missing_error=None,
    ):
        partner = request.env.user.partner_id
        company = line.company_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "aftersales_item",
                "item": line,
                "summary": line._aftersales_summary()[line.id],
                "options": line._aftersales_options(),
                # sudo: the customer reads her piece's plan, not the plans.
                "care_plan": line.sudo().aftersales_care_plan_id,
                "requests": self._aftersales_search(
                    "helpdesk.ticket",
                    self._aftersales_requests_domain(partner)
                    & Domain("aftersales_sale_line_id", "=", line.id),
                    order="create_date desc, id desc",
                ).sudo(),
                "error": error,
                "error_ticket": error_ticket,
                "form": form or {},
                "submission_key": uuid.uuid4().hex,
                "photo_max_count": company.aftersales_photo_max_count,
                "photo_max_mb": company.aftersales_photo_max_mb,
                "pending_transfer": line._aftersales_pending_transfer(),
                "transfer_error": transfer_error,
                "transfer_email": transfer_email or "",
                "transfer_refusal": line._aftersales_transfer_refusal(partner),
                "missing_error": missing_error,
                "appraisals": line._aftersales_owner_appraisals(),
            }
        )
        values["new_pieces"] = line._aftersales_new_piece_offers(
            [option["service"] for option in values["options"] if option["available"]]
        )
        return request.render(
            "sparklife_aftersales.portal_my_aftersales_item", values, status=status
        )

    @http.route(
        "/my/aftersales/item/<int:line_id>/request",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_aftersales_request(self, line_id, **post):
        line = self._aftersales_item(line_id)
        if not line:
            return self._aftersales_not_found()
        form = {
            "service": post.get("service") or "",
            "description": post.get("description") or "",
            "aftersales_requested_size": post.get("aftersales_requested_size") or "",
            "lot_id": post.get("lot_id") or "",
            "new_product_id": post.get(f"{post.get('service')}_product_id") or "",
            "resize_declined": bool(post.get("resize_declined")),
        }
        photos = self._aftersales_read_photos(line.company_id)
        return self._aftersales_send_from_item(
            line,
            lambda: request.env["helpdesk.ticket"]._aftersales_submit(
                line,
                form["service"],
                form["description"],
                aftersales_requested_size=form["aftersales_requested_size"],
                photos=photos,
                submission_key=post.get("submission_key"),
                lot_id=int(form["lot_id"]) if form["lot_id"].isdigit() else None,
                new_product_id=(
                    int(form["new_product_id"])
                    if form["new_product_id"].isdigit()
                    else None
                ),
                resize_declined=form["resize_declined"],
            ),
            form=form,
        )

    def _aftersales_send_from_item(self, line, send, form=None):
        """Send a request made on the item's page (``send`` creates and
        returns it) and answer as the page does: the new request, or the
        page again with why not. A piece reported missing leaves a manager
        its alert, kept once the request is undone."""
        try:
            with request.env.cr.savepoint():
                ticket = send()
        except AftersalesPieceMissing as error:
            error.lots._aftersales_alert_missing(error.what)
            return self._aftersales_render_item(
                line, error=error.args[0], form=form, status=400
            )
        except (UserError, ValidationError) as error:
            return self._aftersales_render_item(
                line,
                error=error.args[0],
                form=form,
                status=400,
                error_ticket=getattr(error, "ticket", None),
            )
        except IntegrityError:
            # The same form sent twice at the same moment: the other request
            # created it, and it is on the customer's list of requests.
            return request.redirect("/my/aftersales/requests")
        return request.redirect(f"/my/ticket/{ticket.id}?submitted=1")

    @http.route(
        "/my/aftersales/item/<int:line_id>/inspection",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_aftersales_inspection(self, line_id, **post):
        """The inspection the piece's care plan requires, in one click."""
        line = self._aftersales_item(line_id)
        if not line:
            return self._aftersales_not_found()
        return self._aftersales_send_from_item(
            line,
            lambda: request.env["helpdesk.ticket"]._aftersales_submit_inspection(
                line, submission_key=post.get("submission_key")
            ),
        )

    def _aftersales_read_photos(self, company):
        """The photos of the form as ``(name, content)``; a file is read no
        further than the largest size allowed, plus one byte to tell."""
        limit = company.aftersales_photo_max_mb * 1024 * 1024
        photos = []
        for upload in request.httprequest.files.getlist("photos"):
            if not upload.filename:
                continue  # the empty part of a form sent without a file
            photos.append((upload.filename, upload.read(limit + 1)))
        return photos

    @http.route(
        "/my/aftersales/item/<int:line_id>/warranty-card",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_aftersales_warranty_card(self, line_id, **kw):
        line = self._aftersales_item(line_id)
        if not line:
            return self._aftersales_not_found()
        return self._show_report(
            model=line,
            report_type="pdf",
            report_ref="sparklife_aftersales.action_report_warranty_card",
            download=True,
        )

    @http.route(
        "/my/aftersales/item/<int:line_id>/certificate/<int:certificate_id>",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_aftersales_certificate(self, line_id, certificate_id, **kw):
        """The certificate of one of the customer's own pieces, downloaded."""
        line = self._aftersales_item(line_id)
        # sudo: the customer has no right on certificates; this one is read
        # because it is the certificate of a piece delivered with their item.
        certificate = (
            request.env["sparklife.aftersales.certificate"]
            .sudo()
            .browse(certificate_id)
            .exists()
        )
        if (
            not line
            or not certificate
            or certificate.lot_id not in line.aftersales_lot_ids
            or not certificate.document
        ):
            raise request.not_found()
        return (
            request.env["ir.binary"]
            ._get_stream_from(
                certificate,
                "document",
                filename=certificate.document_name
                or f"{certificate.laboratory} {certificate.number}",
            )
            .get_response(as_attachment=True)
        )

    # Requests -----------------------------------------------------------------

    @http.route(
        ["/my/aftersales/requests", "/my/aftersales/requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_aftersales_requests(self, page=1, **kw):
        partner = request.env.user.partner_id
        tickets, pager = self._aftersales_page(
            "helpdesk.ticket",
            self._aftersales_requests_domain(partner),
            "/my/aftersales/requests",
            page,
            order="create_date desc, id desc",
        )
        returns = self._aftersales_search(
            "rma", self._aftersales_returns_domain(partner), order="date desc, id desc"
        ).sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "aftersales_requests",
                "tickets": tickets,
                "returns": returns,
                "pager": pager,
                "default_url": "/my/aftersales/requests",
            }
        )
        return request.render(
            "sparklife_aftersales.portal_my_aftersales_requests", values
        )

    # Communication preferences --------------------------------------------------
    @http.route(
        "/my/communication",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_communication_preferences(self, **post):
        """The customer's own consent to marketing, per channel. Only the
        logged-in customer's contact is ever read or written here."""
        partner = request.env.user.partner_id
        saved = False
        if request.httprequest.method == "POST":
            # sudo: portal users cannot write their partner; the record is
            # the user's own, and only the two consent fields are written.
            partner.sudo().write(
                {
                    "aftersales_marketing_email_consent": bool(post.get("email")),
                    "aftersales_marketing_sms_consent": bool(post.get("sms")),
                }
            )
            saved = True
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "communication",
                "partner": partner.sudo(),
                "saved": saved,
            }
        )
        return request.render(
            "sparklife_aftersales.portal_communication_preferences", values
        )
