# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The after-sales case: what a service request and a return share, as two
cases of the same kind: their customer and the address items are sent to,
telling the customer from templates in their language, the manager who looks
into them, and a manager's override of a refusal.

The override is only ever written through :meth:`write` (forms, the override
wizard, ``create``): by an after-sales manager, with a reason, on a record the
policy refuses, and it is logged in the chatter.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .. import policy
from .customer_messages import tell_customers


class SparklifeAftersalesCase(models.AbstractModel):
    _name = "sparklife.aftersales.case"
    _description = "After-sales case: a service request or a return"

    #: The field naming the purchased item (a ``sale.order.line``).
    _aftersales_item_field = "aftersales_sale_line_id"
    #: The context key that opens the override wizard on this record.
    _aftersales_override_key = "default_ticket_id"

    aftersales_override_reason = fields.Text(
        string="Override reason", readonly=True, copy=False, tracking=True
    )
    aftersales_override_user_id = fields.Many2one(
        comodel_name="res.users", string="Overridden by", readonly=True, copy=False
    )
    aftersales_address_id = fields.Many2one(
        comodel_name="res.partner",
        string="Send items to",
        compute="_compute_aftersales_address_id",
        compute_sudo=True,
        help="The after-sales address of the company that sold the item.",
    )

    @api.depends(
        lambda self: ("company_id", f"{self._aftersales_item_field}.company_id")
    )
    def _compute_aftersales_address_id(self):
        for record in self:
            item = record[self._aftersales_item_field]
            company = item.company_id or record.company_id
            record.aftersales_address_id = company._aftersales_address()

    # Speaking to the customer ------------------------------------------------------

    def _aftersales_tell_customers(self, template):
        """Tell the customer of each record, from ``template`` (a mail
        template staff edit and translate), as a comment on the record; see
        :func:`~.customer_messages.tell_customers`."""
        return tell_customers(self, template)

    # Who looks into it ------------------------------------------------------------

    def _aftersales_manager(self, team):
        """Who handles what needs a manager on this record: the leader of
        ``team`` (its after-sales helpdesk team), or else an after-sales
        manager of the record's company."""
        self.ensure_one()
        if team.user_id:
            return team.user_id
        managers = (
            self.env.ref("sparklife_aftersales.group_aftersales_manager")
            .sudo()
            .all_user_ids.filtered(
                lambda user: not user._is_superuser()
                and self.company_id in user.company_ids
            )
        )
        return managers.sorted("id")[:1]

    # The override ---------------------------------------------------------------

    def action_aftersales_open_override(self):
        """Open the form where a manager overrides a refusal."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override the refusal"),
            "res_model": "sparklife.aftersales.override",
            "view_mode": "form",
            "target": "new",
            "context": {self._aftersales_override_key: self.id},
        }

    @api.model_create_multi
    def create(self, vals_list):
        reasons = [vals.pop("aftersales_override_reason", None) for vals in vals_list]
        records = super().create(vals_list)
        for record, reason in zip(records, reasons, strict=True):
            if reason is not None:
                record._aftersales_override(reason)
        return records

    def write(self, vals):
        if "aftersales_override_reason" not in vals:
            return super().write(vals)
        reason = (vals["aftersales_override_reason"] or "").strip()
        self._aftersales_check_override(reason)
        refusals = {record: record.aftersales_reason for record in self}
        result = super().write(
            {
                **vals,
                "aftersales_override_reason": reason,
                "aftersales_override_user_id": self.env.user.id,
            }
        )
        for record in self:
            record.message_post(
                body=self.env._(
                    "Refusal overridden by %(user)s (%(refusal)s). Reason: %(reason)s",
                    user=self.env.user.name,
                    refusal=refusals[record],
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return result

    def _aftersales_override(self, reason):
        """Let refused records go ahead, for ``reason`` (logged)."""
        return self.write({"aftersales_override_reason": reason})

    def _aftersales_check_override(self, reason):
        if not self.env.user.has_group("sparklife_aftersales.group_aftersales_manager"):
            raise AccessError(
                self.env._("Only after-sales managers can override a refusal.")
            )
        if not reason:
            raise UserError(self.env._("Give the reason for overriding the refusal."))
        for record in self:
            if record.aftersales_eligibility != policy.REFUSED:
                raise UserError(
                    self.env._(
                        "%(record)s is not refused: there is nothing to override.",
                        record=record.display_name,
                    )
                )
