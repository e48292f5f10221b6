# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Errors of the addon that carry more than their message."""

from odoo.exceptions import UserError


class AftersalesDuplicateRequest(UserError):
    """The customer already has an open request for this piece and service:
    ``ticket`` is that request."""

    def __init__(self, message, ticket):
        super().__init__(message)
        self.ticket = ticket


class AftersalesPieceMissing(UserError):
    """A flow stopped on a piece reported lost or stolen: the message is
    neutral, for whoever brought the piece; ``lots`` and ``what`` tell the
    manager."""

    def __init__(self, message, lots, what):
        super().__init__(message)
        self.lots = lots
        self.what = what
