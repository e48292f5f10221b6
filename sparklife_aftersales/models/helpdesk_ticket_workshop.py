# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests: the workshop job. A request for work on the piece is
sent to the workshop as one repair order, free (under warranty) or paid as
the policy decides."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import policy
from ..const import WORKSHOP_SERVICES


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_repair_ids = fields.One2many(
        comodel_name="repair.order",
        inverse_name="aftersales_ticket_id",
        string="Workshop jobs",
        readonly=True,
    )

    aftersales_repair_id = fields.Many2one(
        comodel_name="repair.order",
        string="Workshop job",
        compute="_compute_aftersales_repair_id",
        help="The job of this request in the workshop (the latest one that "
        "is not cancelled).",
    )

    aftersales_can_send_to_workshop = fields.Boolean(
        compute="_compute_assessment_text",
        compute_sudo=True,
        help="Work on the piece that may go to the workshop now and has no job.",
    )

    aftersales_can_send_for_assessment = fields.Boolean(
        compute="_compute_assessment_text",
        compute_sudo=True,
        help="The policy's answer waits for the workshop's finding on the "
        "piece, which may come in for assessment now.",
    )

    def _aftersales_answer_values(self, decision):
        """Whether the request may go to the workshop now, from the same
        decision as the rest of the answer."""
        values = super()._aftersales_answer_values(decision)
        open_work = bool(
            self.aftersales_service in WORKSHOP_SERVICES
            and not self.aftersales_repair_id
        )
        values["aftersales_can_send_for_assessment"] = bool(
            open_work and decision and decision.awaits_finding
        )
        values["aftersales_can_send_to_workshop"] = bool(
            open_work
            and (
                self.aftersales_eligibility == policy.PAID
                or (
                    self.aftersales_approved_on
                    and (
                        self.aftersales_eligibility == policy.FREE
                        or self.aftersales_override_reason
                    )
                )
            )
        )
        return values

    @api.depends("aftersales_repair_ids.state")
    def _compute_aftersales_repair_id(self):
        for ticket in self:
            jobs = ticket.aftersales_repair_ids.filtered(lambda j: j.state != "cancel")
            ticket.aftersales_repair_id = jobs.sorted("id")[-1:]

    def _aftersales_job_decision(self, assessment=False):
        """The decision a workshop job starts from, after checking that this
        request may go to the workshop now (``assessment``: for the workshop
        to find the damage cause the answer waits for)."""
        self.ensure_one()
        decision = self._aftersales_checked_decision()
        if self.aftersales_service not in WORKSHOP_SERVICES:
            raise UserError(
                self.env._(
                    "%(ticket)s is not work on the piece: returns go through "
                    "their RMA, inquiries and complaints are answered by "
                    "customer service.",
                    ticket=self.display_name,
                )
            )
        overridden = decision.is_refused and self._aftersales_overridden()
        if decision.is_refused and not overridden:
            raise self._aftersales_refusal_error(decision)
        if assessment:
            if not decision.awaits_finding:
                raise UserError(
                    self.env._(
                        "%(ticket)s needs no assessment: the policy already "
                        "answered (%(reason)s).",
                        ticket=self.display_name,
                        reason=self.env["sparklife.aftersales.policy"].describe(
                            decision
                        ),
                    )
                )
        elif not decision.is_paid and not self.aftersales_approved_on:
            raise UserError(
                self.env._(
                    "%(ticket)s is a free service: approve it before sending "
                    "the piece to the workshop.",
                    ticket=self.display_name,
                )
            )
        if not self.aftersales_sale_line_id.product_id:
            raise UserError(
                self.env._(
                    "%(ticket)s names no purchased item to work on.",
                    ticket=self.display_name,
                )
            )
        return decision

    def _aftersales_create_job(self, assessment=False):
        """One workshop job for this request's piece, and the receipt that
        brings the piece in; an ``assessment`` job is neither free nor paid
        until the workshop has found the damage cause."""
        self.ensure_one()
        decision = self._aftersales_job_decision(assessment)
        self.env["repair.order"]._aftersales_check_piece_free(self.aftersales_lot_id)
        warehouse = self.env["stock.warehouse"]._aftersales_for_company(self.company_id)
        if not warehouse:
            raise UserError(
                self.env._(
                    "%(company)s has no warehouse for its after-sales workshop.",
                    company=self.company_id.name,
                )
            )
        workshop = warehouse.aftersales_workshop_location_id
        tag = self.env.ref(
            f"sparklife_aftersales.repair_tag_{self.aftersales_service}",
            raise_if_not_found=False,
        )
        product = self.aftersales_sale_line_id.product_id
        job = self.env["repair.order"].create(
            {
                "aftersales_ticket_id": self.id,
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.id,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "lot_id": self.aftersales_lot_id.id,
                "picking_type_id": warehouse.repair_type_id.id,
                "product_location_src_id": workshop.id,
                "product_location_dest_id": workshop.id,
                "under_warranty": not assessment and not decision.is_paid,
                "aftersales_assessment": assessment,
                # The jeweler who takes the job, not the clerk who sent it.
                "user_id": False,
                "tag_ids": [fields.Command.set(tag.ids)],
                "internal_notes": self.aftersales_override_reason
                and self.env._(
                    "Refusal overridden by %(user)s: %(reason)s",
                    user=self.aftersales_override_user_id.name,
                    reason=self.aftersales_override_reason,
                ),
            }
        )
        job.schedule_date = job._aftersales_estimate(fields.Datetime.now())
        job._aftersales_create_receipt()
        job.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": job, "origin": self},
            subtype_xmlid="mail.mt_note",
        )
        if assessment:
            kind = self.env._("for assessment")
        elif job.under_warranty:
            kind = self.env._("under warranty")
        else:
            kind = self.env._("paid")
        self.message_post(
            body=self.env._(
                "Sent to the workshop: %(job)s (%(kind)s). The piece comes in "
                "on %(receipt)s.",
                job=job._get_html_link(),
                kind=kind,
                receipt=job.aftersales_receipt_id._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return job

    def action_aftersales_send_to_workshop(self):
        """Open this request's workshop job, created the first time."""
        self._aftersales_check_user()
        self.ensure_one()
        job = self.aftersales_repair_id or self._aftersales_create_job()
        return job._get_records_action()

    def action_aftersales_send_for_assessment(self):
        """Send the piece to the workshop for the damage cause the policy's
        answer waits for: a job marked as an assessment, neither free nor
        paid yet, and the receipt that brings the piece in."""
        self._aftersales_check_user()
        self.ensure_one()
        if self.aftersales_repair_id:
            raise UserError(
                self.env._(
                    "%(ticket)s is already at the workshop: %(job)s.",
                    ticket=self.display_name,
                    job=self.aftersales_repair_id.name,
                )
            )
        job = self._aftersales_create_job(assessment=True)
        return job._get_records_action()

    def _aftersales_assessed(self, job):
        """The workshop recorded the damage cause of the piece that came in
        for assessment on ``job``: the policy answers, and the job goes on
        free (under warranty), becomes a paid quotation, or the piece goes
        back when the service is refused."""
        self.ensure_one()
        decision = self._aftersales_checked_decision()
        if decision.awaits_finding:
            raise UserError(
                self.env._(
                    "%(job)s: record the damage cause the workshop found on "
                    "the piece first.",
                    job=job.name,
                )
            )
        engine = self.env["sparklife.aftersales.policy"]
        causes = dict(
            self._fields["aftersales_damage_cause"]._description_selection(self.env)
        )
        labels = dict(
            self._fields["aftersales_eligibility"]._description_selection(self.env)
        )
        job.aftersales_assessment = False
        refused = decision.is_refused and not self._aftersales_overridden()
        if not refused:
            job.under_warranty = not decision.is_paid
        message = self.env._(
            "Assessed by the workshop on %(job)s: %(cause)s. %(outcome)s: %(reason)s",
            job=job._get_html_link(),
            cause=causes[self.aftersales_damage_cause],
            outcome=labels[decision.outcome],
            reason=engine.describe(decision),
        )
        job.message_post(body=message, subtype_xmlid="mail.mt_note")
        self.message_post(body=message, subtype_xmlid="mail.mt_note")
        if refused:
            # Nothing to do on the piece: it goes back as it came.
            job.action_repair_cancel()
            return job.action_aftersales_ship_back()
        if decision.is_paid:
            return self.action_aftersales_create_quotation()
        self._aftersales_approve_one()
        return job._get_records_action()

    def action_aftersales_open_jobs(self):
        self.ensure_one()
        jobs = self.aftersales_repair_ids
        if len(jobs) == 1:
            return jobs._get_records_action()
        return jobs._get_records_action(name=self.env._("Workshop jobs"))
