# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service levels of the 24/7 service, on OCA's helpdesk_mgmt_sla.

Two kinds of targets, as SLA records the manager edits: the first human
answer (the acknowledgement and the step messages do not count, a staff
reply in the chatter does) and the resolution (OCA's own: the request
reaches its closing stage; a request with a workshop job is due by the job's
estimated completion). A scheduled job escalates the requests about to miss
a target: an activity for the team's manager and the request marked urgent.
Complaints are always handled by a manager."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools.misc import format_datetime

from .batching import delay_once

SLA_STATUS = [("on_time", "On time"), ("late", "Late"), ("failed", "Failed")]


class HelpdeskSla(models.Model):
    _inherit = "helpdesk.sla"

    aftersales_target = fields.Selection(
        selection=[("first_answer", "First answer"), ("resolution", "Resolution")],
        string="Measures",
        default="resolution",
        required=True,
        help="First answer: met by the first reply of staff to the customer (the "
        "automatic acknowledgement does not count). Resolution: met when the "
        "request reaches the target stage (OCA's rule).",
    )


class HelpdeskTicketSla(models.Model):
    _inherit = "helpdesk.ticket.sla"

    aftersales_target = fields.Selection(related="sla_id.aftersales_target", store=True)

    @api.depends(
        "hours",
        "consumed_time",
        "ticket_id",
        "last_state_date",
        "state",
        "ticket_id.aftersales_repair_ids.schedule_date",
        "ticket_id.aftersales_repair_ids.state",
    )
    def _compute_deadline(self):
        result = super()._compute_deadline()
        for line in self:
            job = line.ticket_id.aftersales_repair_id
            if (
                line.aftersales_target == "resolution"
                and line.state in ("in_progress", "on_hold")
                and job.schedule_date
            ):
                line.deadline = job.schedule_date
        return result

    def _stage_recompute(self):
        # A first answer is an answer, not a stage; closing the request
        # without one ends the count there.
        if self.aftersales_target == "first_answer":
            if self.ticket_id.closed:
                self._aftersales_met(fields.Datetime.now())
            return
        return super()._stage_recompute()

    def _aftersales_met(self, at):
        """The target of these lines is met at ``at``: accomplished, or
        expired when ``at`` is past the deadline."""
        for line in self.filtered(
            lambda line: line.state in ("in_progress", "on_hold")
        ):
            late = line.deadline and at > line.deadline
            line.write(
                {"state": "expired" if late else "accomplished", "last_state_date": at}
            )


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_first_answer_on = fields.Datetime(
        string="First answer on",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When staff first replied to the customer (the acknowledgement and "
        "the step messages do not count).",
    )
    aftersales_sla_status = fields.Selection(
        selection=SLA_STATUS,
        string="Service level",
        compute="_compute_aftersales_sla_status",
        search="_search_aftersales_sla_status",
        help="On time: every target met or still ahead. Late: a target's deadline "
        "passed and the request is still waiting. Failed: a target was missed.",
    )
    aftersales_escalated_on = fields.Datetime(
        string="Escalated on",
        readonly=True,
        copy=False,
        help="When the request, about to miss a target, was escalated to the "
        "team's manager.",
    )

    aftersales_missed_deadline = fields.Datetime(
        string="Deadline",
        compute="_compute_aftersales_sla_status",
        help="The first service-level deadline the request missed.",
    )
    aftersales_late_hours = fields.Float(
        string="Late by",
        compute="_compute_aftersales_sla_status",
        help="Hours since the first deadline the request missed, while it is open.",
    )

    aftersales_item_ticket_ids = fields.One2many(
        related="aftersales_sale_line_id.aftersales_ticket_ids",
        string="Requests about the item",
        groups="sparklife_aftersales.group_aftersales_user",
    )

    @api.depends("ticket_sla_ids.state", "ticket_sla_ids.deadline", "stage_id.closed")
    def _compute_aftersales_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            lines = ticket.ticket_sla_ids
            missed = min(
                (
                    line.deadline
                    for line in lines
                    if line.deadline
                    and (
                        line.state == "expired"
                        or (line.state == "in_progress" and line.deadline < now)
                    )
                ),
                default=False,
            )
            ticket.aftersales_missed_deadline = missed
            ticket.aftersales_late_hours = (
                (now - missed).total_seconds() / 3600
                if missed and not ticket.stage_id.closed
                else 0.0
            )
            if not lines:
                ticket.aftersales_sla_status = False
            elif any(line.state == "expired" for line in lines):
                ticket.aftersales_sla_status = "failed"
            elif any(
                line.state == "in_progress" and line.deadline and line.deadline < now
                for line in lines
            ):
                ticket.aftersales_sla_status = "late"
            else:
                ticket.aftersales_sla_status = "on_time"

    def _search_aftersales_sla_status(self, operator, value):
        if operator != "in":
            return NotImplemented
        now = fields.Datetime.now()
        failed = Domain("ticket_sla_ids.state", "=", "expired")
        late = ~failed & Domain(
            "ticket_sla_ids",
            "any",
            [("state", "=", "in_progress"), ("deadline", "<", now)],
        )
        domains = {
            "failed": failed,
            "late": late,
            "on_time": Domain("ticket_sla_ids", "!=", False) & ~failed & ~late,
        }
        return Domain.OR(domains[status] for status in value if status in domains)

    # The first answer ------------------------------------------------------------

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        if self._aftersales_is_staff_reply(message):
            unanswered = self.filtered(lambda t: not t.aftersales_first_answer_on)
            if unanswered:
                # sudo: whoever replies, the answer is recorded
                unanswered.sudo().aftersales_first_answer_on = message.date
                unanswered.sudo().ticket_sla_ids.filtered(
                    lambda line: line.aftersales_target == "first_answer"
                )._aftersales_met(message.date)
        return result

    def _aftersales_is_staff_reply(self, message):
        """A reply a person of the staff sent to the customer: a comment
        (not a note), by an internal user, not posted by the addon itself."""
        if self.env.context.get("aftersales_automated"):
            return False
        if message.message_type != "comment":
            return False
        if message.subtype_id != self.env.ref("mail.mt_comment"):
            return False
        author = message.author_id
        if not author or author == self.env.ref("base.partner_root"):
            return False
        return any(not user.share for user in author.sudo().user_ids)

    # Complaints are handled by a manager ---------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        for ticket in tickets.filtered(lambda t: t.aftersales_service == "complaint"):
            manager = ticket._aftersales_team_manager()
            if manager and ticket.user_id != manager:
                ticket.sudo().user_id = manager
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if vals.get("aftersales_service") == "complaint":
            for ticket in self:
                manager = ticket._aftersales_team_manager()
                if manager and not ticket.user_id:
                    ticket.sudo().user_id = manager
        return result

    def _aftersales_team_manager(self):
        """Who handles escalations and complaints: the team's leader, or else
        an after-sales manager of the company."""
        return self._aftersales_manager(self.team_id)

    # Escalation ---------------------------------------------------------------------

    @api.model
    def _cron_aftersales_escalate(self):
        """The escalation job (on queue_job when the jobs run there, see
        :mod:`.batching`)."""
        return delay_once(self.browse(), "_aftersales_escalate_due")

    @api.model
    def _aftersales_escalate_due(self):
        """Escalate the open requests about to miss a target (the company's
        warning, one hour before by default) or past it: an activity for
        the manager, the request marked urgent; once per request. Costs the
        same few queries whatever the number of open requests."""
        now = fields.Datetime.now()
        Line = self.env["helpdesk.ticket.sla"].sudo()
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("aftersales_sla_warning_hours", ">=", 0)])
        )
        due = Domain.OR(
            Domain("ticket_id.company_id", "=", company.id)
            & Domain(
                "deadline",
                "<=",
                now + timedelta(hours=company.aftersales_sla_warning_hours),
            )
            for company in companies
        )
        lines = Line.search(
            due
            & Domain("state", "=", "in_progress")
            & Domain("ticket_id.aftersales_escalated_on", "=", False)
            & Domain("ticket_id.stage_id.closed", "=", False)
        )
        tickets = lines.ticket_id
        if not tickets:
            return 0
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id(self._name)
        deadlines = {}
        for line in lines:
            deadlines[line.ticket_id] = min(
                deadlines.get(line.ticket_id, line.deadline), line.deadline
            )
        values = []
        for ticket in tickets:
            manager = ticket._aftersales_team_manager()
            if not manager:
                continue
            values.append(
                {
                    "res_model_id": model,
                    "res_id": ticket.id,
                    "activity_type_id": activity_type.id,
                    "user_id": manager.id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": self.env._("Service level at risk"),
                    "note": self.env._(
                        "Due by %(deadline)s: answer or resolve it now.",
                        deadline=format_datetime(
                            self.env,
                            deadlines[ticket],
                            tz=manager.tz or ticket.company_id.partner_id.tz,
                            dt_format="short",
                        ),
                    ),
                }
            )
        self.env["mail.activity"].sudo().create(values)
        tickets.sudo().write({"priority": "3", "aftersales_escalated_on": now})
        return len(tickets)
