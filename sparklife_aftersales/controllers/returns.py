# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal's return request of ``rma_sale``, under the after-sales policy.

The request itself is ``rma_sale``'s: the RMAs it creates are judged by the
policy when they are created (see ``rma.create``). A refusal must create
nothing and tell the customer why, on the order page the request came from.
"""

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.rma_sale.controllers.sale_portal import (
    CustomerPortal as RmaSalePortal,
)

SESSION_KEY = "sparklife_rma_error"


class AftersalesReturnPortal(RmaSalePortal):
    @http.route()
    def request_rma(self, order_id, access_token=None, **post):
        try:
            with request.env.cr.savepoint():
                return super().request_rma(order_id, access_token=access_token, **post)
        except (UserError, ValidationError) as error:
            request.session[SESSION_KEY] = error.args[0]
        url = f"/my/orders/{order_id}"
        if access_token:
            url += f"?access_token={access_token}"
        return request.redirect(url)

    @http.route()
    def portal_order_page(self, order_id, *args, **kwargs):
        response = super().portal_order_page(order_id, *args, **kwargs)
        error = request.session.pop(SESSION_KEY, None)
        if error and getattr(response, "qcontext", None) is not None:
            response.qcontext["aftersales_rma_error"] = error
        return response
