# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Goodwill credit in the customer portal: spending it on one of the
customer's quotations (a paid service quotation, an order). The balance is
shown on *My after-sales*; whether the credit can go on the order is the
model's decision (see ``sparklife.aftersales.credit._spend_on``)."""

from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from .portal import AftersalesPortal


class AftersalesPortalCredit(AftersalesPortal):
    @http.route(
        "/my/aftersales/credit/<int:credit_id>/spend/<int:order_id>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_aftersales_credit_spend(
        self, credit_id, order_id, access_token=None, **post
    ):
        try:
            order = self._document_check_access("sale.order", order_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        partner = request.env.user.partner_id
        credit = (
            request.env["sparklife.aftersales.credit"]
            ._aftersales_spendable(partner)
            .filtered(lambda c: c.id == credit_id)
        )
        query = {}
        if not credit:
            query["credit_error"] = request.env._(
                "This credit cannot be spent: it is not yours, used up or expired."
            )
        else:
            try:
                with request.env.cr.savepoint():
                    credit._spend_on(order)
                query["credit_spent"] = 1
            except UserError as error:
                query["credit_error"] = error.args[0]
        return request.redirect(
            order.get_portal_url(query_string=f"&{url_encode(query)}")
        )
