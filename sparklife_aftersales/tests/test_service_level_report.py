# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The manager's figures of the 24/7 service: per month and per service, how
many requests, the median and 90th percentile of the hours to a first answer
and to the resolution, the share on time and the average rating."""

from datetime import date, timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import new_test_user
from odoo.tools.safe_eval import safe_eval

from .common import AftersalesCase, utc

FIGURES = [
    "__count",
    "first_answer_median:median",
    "first_answer_p90:p90",
    "resolution_median:median",
    "resolution_p90:p90",
    "on_time:avg",
    "rating:avg",
]


@tagged("post_install", "-at_install")
class TestServiceLevelReport(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._bought_recently()
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.Report = cls.env["sparklife.aftersales.service.level.report"]
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.in_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.jeweler = new_test_user(
            cls.env,
            login="service_level_jeweler",
            groups="sparklife_aftersales.group_aftersales_user",
        )
        cls.portal = new_test_user(
            cls.env, login="service_level_portal", groups="base.group_portal"
        )
        # Archived: it applies to no new request; its lines are set below.
        cls.target = cls.env["helpdesk.sla"].create(
            {"name": "Test target", "active": False}
        )

        # Three cleanings, the first one at the workshop with its jeweler.
        cls.cleaning_1 = cls._request("cleaning")
        cls.cleaning_1.action_aftersales_approve()
        cls.cleaning_1.action_aftersales_send_to_workshop()
        cls.cleaning_1.aftersales_repair_id.user_id = cls.jeweler
        cls.cleaning_2 = cls._request("cleaning")
        cls.cleaning_3 = cls._request("cleaning")
        cls.complaint_1 = cls._request("complaint")
        cls.complaint_2 = cls._request("complaint")
        cls.inquiry_1 = cls._request("inquiry")
        cls.inquiry_2 = cls._request("inquiry")
        cls.requests = (
            cls.cleaning_1
            | cls.cleaning_2
            | cls.cleaning_3
            | cls.complaint_1
            | cls.complaint_2
            | cls.inquiry_1
            | cls.inquiry_2
        )
        # Not in the report: a helpdesk ticket that is no after-sales request,
        # and an archived request.
        cls.not_aftersales = cls.env["helpdesk.ticket"].create(
            {
                "name": "Printer out of paper",
                "description": "<p>x</p>",
                "partner_id": cls.customer.id,
            }
        )
        cls.archived = cls._request("inquiry")
        cls.env.flush_all()

        # Known times, stages, ratings and targets, set behind the ORM's back
        # (all in January 2025, UTC).
        cls._set(
            cls.cleaning_1,
            utc(2025, 1, 6, 9, 0),
            answered_after=1,
            closed_after=24,
            rating=5,
        )
        cls._set(
            cls.cleaning_2,
            utc(2025, 1, 13, 9, 0),
            answered_after=2,
            closed_after=48,
            rating=2,
        )
        cls._set(
            cls.cleaning_3,
            utc(2025, 1, 20, 9, 0),
            answered_after=9,
            closed_after=72,
        )
        cls._set(
            cls.complaint_1,
            utc(2025, 1, 8, 22, 0),
            answered_after=0.5,
            closed_after=6,
            rating=4,
        )
        # Closed once, then reopened: its closing date stays, it is not
        # resolved.
        cls._set(
            cls.complaint_2,
            utc(2025, 1, 27, 14, 0),
            answered_after=3,
            closed_after=24,
            closed=False,
        )
        cls._set(cls.inquiry_1, utc(2025, 1, 29, 8, 0), closed=False)
        cls._set(
            cls.inquiry_2,
            utc(2025, 1, 30, 8, 0),
            answered_after=4,
            closed=False,
            rating=3,
        )
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET active = false WHERE id = %s",
            [cls.archived.id],
        )
        cls.env.cr.execute(
            "DELETE FROM helpdesk_ticket_sla WHERE ticket_id IN %s",
            [tuple(cls.requests.ids)],
        )
        past = utc(2025, 1, 27, 18, 0)
        future = fields.Datetime.now() + timedelta(days=30)
        cls._target(cls.cleaning_1, "accomplished", past)
        cls._target(cls.cleaning_2, "expired", past)
        cls._target(cls.cleaning_2, "accomplished", past)
        cls._target(cls.cleaning_3, "accomplished", past)
        cls._target(cls.complaint_1, "accomplished", past)
        # Still waiting, its deadline passed: overdue.
        cls._target(cls.complaint_2, "in_progress", past)
        cls._target(cls.complaint_2, "in_progress", future)
        # Still waiting, ahead of its deadline: on time.
        cls._target(cls.inquiry_2, "in_progress", future)
        # inquiry_1 has no target: it is not counted in the share on time.
        cls.env.invalidate_all()
        cls.domain = [("ticket_id", "in", cls.requests.ids)]

    @classmethod
    def _request(cls, service):
        """A request for ``service``, about the purchased item for the
        services on an item."""
        return cls._new_request(service, cls.line if service == "cleaning" else False)

    @classmethod
    def _set(
        cls,
        ticket,
        created,
        answered_after=None,
        closed_after=None,
        closed=True,
        rating=0.0,
    ):
        """``ticket`` created at ``created``, answered and closed that many
        hours after (never when None), in a closing stage when ``closed``,
        rated ``rating`` (0: not rated)."""

        def after(hours):
            return None if hours is None else created + timedelta(hours=hours)

        cls.env.cr.execute(
            """
            UPDATE helpdesk_ticket
            SET create_date = %s,
                aftersales_first_answer_on = %s,
                closed_date = %s,
                stage_id = %s,
                rating_last_value = %s
            WHERE id = %s
            """,
            [
                created,
                after(answered_after),
                after(closed_after),
                (cls.done if closed else cls.in_progress).id,
                rating,
                ticket.id,
            ],
        )

    @classmethod
    def _target(cls, ticket, state, deadline):
        """A service-level line of ``ticket`` in ``state``, due at
        ``deadline``."""
        cls.env.cr.execute(
            """
            INSERT INTO helpdesk_ticket_sla (ticket_id, sla_id, state, deadline)
            VALUES (%s, %s, %s, %s)
            """,
            [ticket.id, cls.target.id, state, deadline],
        )

    def _by_service(self, report=None):
        groups = (report or self.Report)._read_group(
            self.domain, ["aftersales_service"], FIGURES
        )
        return {service: figures for service, *figures in groups}

    def _assert_figures(self, figures, expected):
        """``figures`` in the order of FIGURES; False stands for no value."""
        self.assertEqual(len(figures), len(expected))
        for name, value, wanted in zip(FIGURES, figures, expected, strict=True):
            if wanted is False:
                self.assertIs(value, False, name)
            else:
                self.assertAlmostEqual(value, wanted, places=6, msg=name)

    # One row per request -------------------------------------------------------------

    def test_one_row_per_request(self):
        rows = self.Report.search(self.domain)
        self.assertEqual(rows.ticket_id, self.requests)
        self.assertFalse(
            self.Report.search(
                [("ticket_id", "in", (self.not_aftersales | self.archived).ids)]
            ),
            "only active after-sales requests",
        )
        row = rows.filtered(lambda r: r.ticket_id == self.cleaning_1)
        self.assertRecordValues(
            row,
            [
                {
                    "date": date(2025, 1, 6),
                    "aftersales_service": "cleaning",
                    "partner_id": self.customer.id,
                    "company_id": self.cleaning_1.company_id.id,
                    "team_id": self.cleaning_1.team_id.id,
                    "jeweler_id": self.jeweler.id,
                    "answered": True,
                    "resolved": True,
                    "missed_target": False,
                }
            ],
        )
        self.assertAlmostEqual(row.first_answer_hours, 1.0, places=6)
        self.assertAlmostEqual(row.resolution_hours, 24.0, places=6)
        self.assertEqual(row.on_time, 1.0)
        self.assertEqual(row.rating, 5.0)
        reopened = rows.filtered(lambda r: r.ticket_id == self.complaint_2)
        self.assertRecordValues(
            reopened,
            [
                {
                    "jeweler_id": False,
                    "answered": True,
                    "resolved": False,
                    "missed_target": True,
                }
            ],
        )
        unanswered = rows.filtered(lambda r: r.ticket_id == self.inquiry_1)
        self.assertRecordValues(
            unanswered,
            [{"answered": False, "resolved": False, "missed_target": False}],
        )
        self.assertEqual(
            self.Report.search([*self.domain, ("jeweler_id", "=", self.jeweler.id)]),
            row,
        )
        self.assertEqual(
            self.Report.search([*self.domain, ("missed_target", "=", True)]).ticket_id,
            self.cleaning_2 | self.complaint_2,
        )

    # The figures ----------------------------------------------------------------------

    def test_the_figures_per_service(self):
        figures = self._by_service()
        self.assertEqual(set(figures), {"cleaning", "complaint", "inquiry"})
        self._assert_figures(
            figures["cleaning"],
            [
                3,
                # first answers after 1, 2, 9 hours: the median is 2; the 90th
                # percentile (percentile_cont) is at rank 0.9 * (3 - 1) = 1.8
                # of [1, 2, 9]: 2 + 0.8 * (9 - 2) = 7.6
                2.0,
                7.6,
                # resolved after 24, 48, 72 hours: median 48;
                # 48 + 0.8 * (72 - 48) = 67.2
                48.0,
                67.2,
                # on time, missed (one target expired), on time
                2 / 3,
                # rated 5 and 2, the third not rated
                3.5,
            ],
        )
        self._assert_figures(
            figures["complaint"],
            [
                2,
                # first answers after 0.5 and 3 hours: median (0.5 + 3) / 2;
                # rank 0.9 * (2 - 1) = 0.9: 0.5 + 0.9 * (3 - 0.5) = 2.75
                1.75,
                2.75,
                # one resolved after 6 hours; the reopened one does not count
                6.0,
                6.0,
                # on time, overdue
                0.5,
                # rated 4, the other not rated
                4.0,
            ],
        )
        self._assert_figures(
            figures["inquiry"],
            [
                2,
                # one answered after 4 hours, the other not yet
                4.0,
                4.0,
                # none resolved
                False,
                False,
                # one ahead of its deadline, the other without targets
                1.0,
                3.0,
            ],
        )

    def test_the_averages(self):
        groups = self.Report._read_group(
            self.domain,
            ["aftersales_service"],
            ["first_answer_hours:avg", "resolution_hours:avg"],
        )
        figures = {service: values for service, *values in groups}
        # (1 + 2 + 9) / 3 and (24 + 48 + 72) / 3
        self.assertAlmostEqual(figures["cleaning"][0], 4.0, places=6)
        self.assertAlmostEqual(figures["cleaning"][1], 48.0, places=6)
        # (0.5 + 3) / 2, and the only resolved one
        self.assertAlmostEqual(figures["complaint"][0], 1.75, places=6)
        self.assertAlmostEqual(figures["complaint"][1], 6.0, places=6)

    def test_per_month_and_per_jeweler(self):
        self.assertEqual(
            self.Report._read_group(self.domain, ["date:month"], ["__count"]),
            [(date(2025, 1, 1), 7)],
        )
        per_jeweler = dict(
            self.Report._read_group(self.domain, ["jeweler_id"], ["__count"])
        )
        self.assertEqual(per_jeweler, {self.jeweler: 1, self.env["res.users"]: 6})

    def test_the_views_ask_the_server_for_these_aggregators(self):
        """The pivot, graph and list views request "<field>:<aggregator>" with
        each field's aggregator, the pivot by grouping sets."""
        described = self.Report.fields_get(
            ["first_answer_median", "first_answer_p90", "resolution_p90", "on_time"],
            ["aggregator"],
        )
        self.assertEqual(
            {name: field["aggregator"] for name, field in described.items()},
            {
                "first_answer_median": "median",
                "first_answer_p90": "p90",
                "resolution_p90": "p90",
                "on_time": "avg",
            },
        )
        per_month, total = self.Report.formatted_read_grouping_sets(
            self.domain, [["date:month", "aftersales_service"], []], FIGURES
        )
        self.assertEqual(len(per_month), 3)
        self.assertEqual(len(total), 1)
        total = total[0]
        self.assertEqual(total["__count"], 7)
        # first answers after 0.5, 1, 2, 3, 4, 9 hours: median (2 + 3) / 2;
        # rank 0.9 * 5 = 4.5: 4 + 0.5 * (9 - 4) = 6.5
        self.assertAlmostEqual(total["first_answer_median:median"], 2.5, places=6)
        self.assertAlmostEqual(total["first_answer_p90:p90"], 6.5, places=6)
        # resolved after 6, 24, 48, 72 hours: median (24 + 48) / 2;
        # rank 0.9 * 3 = 2.7: 48 + 0.7 * (72 - 48) = 64.8
        self.assertAlmostEqual(total["resolution_median:median"], 36.0, places=6)
        self.assertAlmostEqual(total["resolution_p90:p90"], 64.8, places=6)
        # on time 4 of the 6 requests with targets; rated 5, 2, 4, 3
        self.assertAlmostEqual(total["on_time:avg"], 4 / 6, places=6)
        self.assertAlmostEqual(total["rating:avg"], 3.5, places=6)

    def test_a_percentile_is_only_for_numbers(self):
        with self.assertRaises(ValueError):
            self.Report._read_group(self.domain, [], ["partner_id:median"])

    # Access ---------------------------------------------------------------------------

    def test_after_sales_staff_read_the_report(self):
        report = self.Report.with_user(self.aftersales_user)
        rows = report.search(self.domain)
        self.assertEqual(len(rows), 7)
        rows.read(["ticket_id", "jeweler_id", "first_answer_hours", "on_time"])
        self.assertEqual(
            self._by_service(report)["cleaning"], self._by_service()["cleaning"]
        )

    def test_portal_users_cannot_read_the_report(self):
        with self.assertRaises(AccessError):
            self.Report.with_user(self.portal).search([])

    # The deadline and how late ------------------------------------------------------

    def test_the_deadline_missed_and_how_late_an_open_request_is(self):
        missed = utc(2025, 1, 27, 18, 0)
        late_by = (fields.Datetime.now() - missed).total_seconds() / 3600
        rows = {row.ticket_id: row for row in self.Report.search(self.domain)}
        late = rows[self.complaint_2]
        self.assertEqual(late.deadline, missed, "the first deadline missed")
        self.assertAlmostEqual(late.late_hours, late_by, delta=0.5)
        resolved = rows[self.cleaning_2]
        self.assertEqual(resolved.deadline, missed)
        self.assertFalse(resolved.late_hours, "resolved: no longer late")
        ahead = rows[self.inquiry_2]
        self.assertGreater(ahead.deadline, fields.Datetime.now(), "its next deadline")
        self.assertFalse(ahead.late_hours)
        # The same on the request, for the Late requests list.
        self.complaint_2.invalidate_recordset()
        self.assertEqual(self.complaint_2.aftersales_missed_deadline, missed)
        self.assertAlmostEqual(
            self.complaint_2.aftersales_late_hours, late_by, delta=0.5
        )
        self.assertFalse(self.inquiry_2.aftersales_missed_deadline)

    def test_the_lists_show_the_customer_the_deadline_and_blanks(self):
        report = etree.fromstring(
            self.Report.with_user(self.jeweler).get_view(
                self.env.ref("sparklife_aftersales.service_level_report_view_list").id,
                "list",
            )["arch"]
        )
        invisible = {
            node.get("name"): node.get("invisible") for node in report.iter("field")
        }
        # Not answered yet: a blank, not 0.00 hours.
        self.assertEqual(invisible["first_answer_hours"], "not answered")
        self.assertEqual(invisible["resolution_hours"], "not resolved")
        self.assertIn("deadline", invisible)
        self.assertIn("late_hours", invisible)
        action = self.env.ref("sparklife_aftersales.action_aftersales_late_requests")
        (view,) = action.view_ids.view_id
        late = etree.fromstring(
            self.env["helpdesk.ticket"]
            .with_user(self.jeweler)
            .get_view(view.id, "list")["arch"]
        )
        names = [node.get("name") for node in late.iter("field")]
        for name in (
            "partner_id",
            "aftersales_missed_deadline",
            "aftersales_late_hours",
        ):
            self.assertIn(name, names)
        requests = (
            self.env["helpdesk.ticket"]
            .with_user(self.jeweler)
            .search(safe_eval(action.domain))
        )
        self.assertIn(self.complaint_2, requests)
        self.assertEqual(
            requests.filtered(lambda t: t == self.complaint_2).partner_id.name,
            "Test Customer",
        )
