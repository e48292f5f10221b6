# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class AftersalesPortal(CustomerPortal):
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
                    "marketing_email_consent": bool(post.get("email")),
                    "marketing_sms_consent": bool(post.get("sms")),
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
