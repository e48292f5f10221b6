# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The tracking page of a request, for whoever holds its link: opened from
each step message with the request's tracking token (its own, not the
portal's access token). It shows the steps and their dates, never an
address, a price or a photo, and links to nothing that the token opens. A
wrong or missing token shows nothing."""

from odoo import http
from odoo.http import request


class AftersalesTracking(http.Controller):
    @http.route(
        "/aftersales/track/<int:ticket_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=True,
    )
    def aftersales_track(self, ticket_id, token=None, **kw):
        # sudo: the token is the right to read; only what the page shows is read.
        ticket = request.env["helpdesk.ticket"].sudo().browse(ticket_id).exists()
        if not ticket.aftersales_service or not ticket._aftersales_check_tracking_token(
            token
        ):
            raise request.not_found()
        return request.render(
            "sparklife_aftersales.aftersales_tracking_page",
            {
                "ticket": ticket,
                "timeline": ticket._aftersales_timeline(),
                "job": ticket.aftersales_repair_id,
                "action": (ticket._aftersales_customer_action() or ("",))[0],
            },
        )
