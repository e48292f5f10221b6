# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

from ..const import SERVICE_SELECTION

#: The aggregators this report adds to Odoo's (sum, avg, ...): the fraction
#: of each percentile, interpolated between the values as PostgreSQL's
#: ``percentile_cont`` does.
PERCENTILES = {"median": 0.5, "p90": 0.9}


class SparklifeAftersalesServiceLevelReport(models.Model):
    """One row per after-sales request: how long the customer waited for a
    first answer and for the resolution, whether its service-level targets
    were met, and the customer's rating. What the manager follows per month
    and per service, as medians and 90th percentiles."""

    _name = "sparklife.aftersales.service.level.report"
    _description = "Service levels of after-sales requests"
    _auto = False
    _rec_name = "ticket_id"
    _order = "date desc, id desc"
    # What the query reads: flushed before the report is searched.
    _depends = {
        "helpdesk.ticket": [
            "active",
            "create_date",
            "company_id",
            "team_id",
            "partner_id",
            "stage_id",
            "closed_date",
            "aftersales_service",
            "aftersales_first_answer_on",
            "rating_last_value",
        ],
        "helpdesk.ticket.stage": ["closed"],
        "helpdesk.ticket.sla": ["ticket_id", "state", "deadline"],
        "repair.order": ["aftersales_ticket_id", "state", "user_id"],
    }

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Request", readonly=True
    )
    date = fields.Date(
        string="Created on",
        readonly=True,
        help="The day the request was created (UTC); the views group it by month.",
    )
    aftersales_service = fields.Selection(
        selection=SERVICE_SELECTION, string="Service", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team", readonly=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", readonly=True
    )
    jeweler_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        help="Who is responsible for the request's workshop job (its latest "
        "job that is not cancelled).",
    )
    deadline = fields.Datetime(
        readonly=True,
        help="The first service-level deadline the request missed, or else its "
        "next one.",
    )
    late_hours = fields.Float(
        string="Late by",
        readonly=True,
        aggregator="max",
        help="Hours since the first deadline an open request missed; empty "
        "when it is on time or resolved.",
    )
    answered = fields.Boolean(
        readonly=True, help="A member of the staff has replied to the customer."
    )
    resolved = fields.Boolean(readonly=True, help="The request is in a closing stage.")
    missed_target = fields.Boolean(
        string="Target missed",
        readonly=True,
        help="A service-level target of the request was missed, or its "
        "deadline has passed while the request still waits.",
    )
    first_answer_hours = fields.Float(
        string="Hours to first answer (average)",
        readonly=True,
        aggregator="avg",
        help="From the request to the first reply of a member of the staff to "
        "the customer (the acknowledgement and the step messages do not count); "
        "empty while not answered.",
    )
    first_answer_median = fields.Float(
        string="Hours to first answer (median)",
        readonly=True,
        aggregator="median",
        help="Half of the requests were answered faster than this.",
    )
    first_answer_p90 = fields.Float(
        string="Hours to first answer (90th percentile)",
        readonly=True,
        aggregator="p90",
        help="Nine requests out of ten were answered faster than this.",
    )
    resolution_hours = fields.Float(
        string="Hours to resolution (average)",
        readonly=True,
        aggregator="avg",
        help="From the request to its closing; empty while it is open.",
    )
    resolution_median = fields.Float(
        string="Hours to resolution (median)",
        readonly=True,
        aggregator="median",
        help="Half of the requests were resolved faster than this.",
    )
    resolution_p90 = fields.Float(
        string="Hours to resolution (90th percentile)",
        readonly=True,
        aggregator="p90",
        help="Nine requests out of ten were resolved faster than this.",
    )
    on_time = fields.Float(
        string="Share on time",
        readonly=True,
        aggregator="avg",
        help="The share of requests whose service-level targets are all met or "
        "still ahead (1 for such a request, 0 when a target was missed or is "
        "overdue); requests without targets are not counted.",
    )
    rating = fields.Float(
        string="Rating (average)",
        readonly=True,
        aggregator="avg",
        help="The customer's last rating of the request, from 1 to 5; requests "
        "not rated are not counted.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT
                ticket.id,
                ticket.id AS ticket_id,
                ticket.create_date::date AS date,
                ticket.aftersales_service,
                ticket.company_id,
                ticket.team_id,
                ticket.partner_id,
                job.user_id AS jeweler_id,
                ticket.aftersales_first_answer_on IS NOT NULL AS answered,
                COALESCE(stage.closed, FALSE) AS resolved,
                COALESCE(sla.on_time = 0, FALSE) AS missed_target,
                waited.first_answer AS first_answer_hours,
                waited.first_answer AS first_answer_median,
                waited.first_answer AS first_answer_p90,
                waited.resolution AS resolution_hours,
                waited.resolution AS resolution_median,
                waited.resolution AS resolution_p90,
                sla.on_time,
                COALESCE(sla.missed_deadline, sla.next_deadline) AS deadline,
                CASE WHEN NOT COALESCE(stage.closed, FALSE) THEN (
                    EXTRACT(
                        EPOCH FROM (NOW() AT TIME ZONE 'UTC') - sla.missed_deadline
                    ) / 3600
                )::double precision END AS late_hours,
                NULLIF(ticket.rating_last_value, 0)::double precision AS rating
            FROM helpdesk_ticket ticket
            LEFT JOIN helpdesk_ticket_stage stage ON stage.id = ticket.stage_id
            -- the jeweler of the request's job (its latest one not cancelled)
            LEFT JOIN LATERAL (
                SELECT repair.user_id
                FROM repair_order repair
                WHERE repair.aftersales_ticket_id = ticket.id
                    AND repair.state != 'cancel'
                ORDER BY repair.id DESC
                LIMIT 1
            ) job ON TRUE
            -- on time: no target missed nor overdue; unknown without targets
            LEFT JOIN LATERAL (
                SELECT CASE
                    WHEN COUNT(*) = 0 THEN NULL
                    WHEN BOOL_OR(
                        line.state = 'expired'
                        OR (
                            line.state = 'in_progress'
                            AND COALESCE(
                                line.deadline < (NOW() AT TIME ZONE 'UTC'), FALSE
                            )
                        )
                    ) THEN 0.0
                    ELSE 1.0
                END::double precision AS on_time,
                MIN(line.deadline) FILTER (
                    WHERE line.state = 'expired'
                        OR (
                            line.state = 'in_progress'
                            AND line.deadline < (NOW() AT TIME ZONE 'UTC')
                        )
                ) AS missed_deadline,
                MIN(line.deadline) FILTER (
                    WHERE line.state = 'in_progress'
                ) AS next_deadline
                FROM helpdesk_ticket_sla line
                WHERE line.ticket_id = ticket.id
            ) sla ON TRUE
            -- a closing date stays on a reopened request: resolved only
            -- while in a closing stage
            CROSS JOIN LATERAL (
                SELECT
                    (
                        EXTRACT(
                            EPOCH FROM ticket.aftersales_first_answer_on
                                - ticket.create_date
                        ) / 3600
                    )::double precision AS first_answer,
                    CASE WHEN stage.closed THEN (
                        EXTRACT(EPOCH FROM ticket.closed_date - ticket.create_date)
                            / 3600
                    )::double precision END AS resolution
            ) waited
            WHERE ticket.aftersales_service IS NOT NULL
                AND ticket.active
            """
        )

    def _read_group_select(self, aggregate_spec, query):
        """Add the ``median`` and ``p90`` aggregators of the time fields, so
        that the pivot, graph and list views (which request
        ``<field>:<aggregator>``) and ``_read_group`` compute them."""
        if aggregate_spec != "__count":
            fname, property_name, func = parse_read_group_spec(aggregate_spec)
            if func in PERCENTILES and not property_name:
                field = self._fields.get(fname)
                if not field or field.type not in ("float", "integer"):
                    raise ValueError(
                        f"Invalid aggregate {aggregate_spec!r}: {func!r} only "
                        f"applies to a number field of {self._name!r}."
                    )
                return SQL(
                    "percentile_cont(%s) WITHIN GROUP (ORDER BY %s)",
                    PERCENTILES[func],
                    self._field_to_sql(self._table, fname, query),
                )
        return super()._read_group_select(aggregate_spec, query)

    def action_open_request(self):
        """Open the request of this row."""
        self.ensure_one()
        self.ticket_id.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
