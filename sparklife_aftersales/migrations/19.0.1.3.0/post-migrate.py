# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.3.0: the After-Sales team measures its service levels around the
clock (its record existed before, so its data is kept on update: set it
here), and its open requests get their targets."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    team = env.ref("sparklife_aftersales.helpdesk_team_aftersales", False)
    calendar = env.ref("sparklife_aftersales.resource_calendar_24_7", False)
    if not team or not calendar or team.use_sla:
        return
    team.write({"use_sla": True, "resource_calendar_id": calendar.id})
    tickets = env["helpdesk.ticket"].search(
        [("team_id", "=", team.id), ("stage_id.closed", "=", False)]
    )
    tickets.set_sla()
