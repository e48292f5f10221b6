"""How the job that escalates requests about to miss their service level
(After-Sales: escalate requests..., every 5 minutes) scales with the number
of open requests: its queries and time with 10 and with 1,000 open requests,
of which the same 5 are due within the warning (and get escalated).

Seeds through the ORM, once (committed and kept for later runs), 1,000
inquiries on the After-Sales team, each with its service level targets. Each
measure runs in a transaction that is rolled back: all but N of the seeded
requests are closed (in SQL), the first-answer deadlines are set so that 5
of the open ones are due in 30 minutes and the others in 10 days, then the
job runs. The target: the query count with 1,000 open requests is the count
with 10 (ratio 1.0x). A missed target is printed, not raised.

    bin/bench   (runs it on the sparklife_bench database)
    .venv/bin/python bench/bench_service_levels.py --config var/odoo.conf \\
        --database sparklife_bench [--open 10 1000] [--runs 5]
"""

import time

from benchlib import (
    measure_rolled_back,
    open_registry,
    parser,
    report_constant_queries,
    superuser_env,
)

SEEDED = 1000
DUE = 5
NAME = "Bench service level"


def parse():
    cli = parser(__doc__)
    cli.add_argument("--open", type=int, nargs="+", default=[10, 1000])
    cli.add_argument("--runs", type=int, default=5)
    return cli.parse_args()


def seed(env):
    """The seeded requests' ids (created on the first run)."""
    Ticket = env["helpdesk.ticket"].with_context(
        install_mode=True, mail_notrack=True, tracking_disable=True
    )
    tickets = Ticket.search([("name", "=like", f"{NAME} %")], order="id")
    if len(tickets) >= SEEDED:
        return tickets.ids[:SEEDED]
    started = time.perf_counter()
    team = env.ref("sparklife_aftersales.helpdesk_team_aftersales")
    customer = env["res.partner"].create(
        {"name": "Bench Service Level Customer", "email": "bench.sla@example.com"}
    )
    for k in range(len(tickets), SEEDED):
        tickets |= Ticket.create(
            {
                "name": f"{NAME} {k}",
                "description": "<p>Bench</p>",
                "partner_id": customer.id,
                "team_id": team.id,
                "aftersales_service": "inquiry",
            }
        )
        if k % 100 == 99:
            env.cr.commit()
    env.cr.commit()
    print(
        f"seeded {SEEDED} open requests in {time.perf_counter() - started:.1f} s (ORM)"
    )
    return tickets.ids


def prepare(env, ids, open_count):
    """All but ``open_count`` seeded requests closed; DUE of the open ones due
    within the warning, the others later; nothing escalated yet."""
    done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
    new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    opened, closed = ids[:open_count], ids[open_count:]
    cr = env.cr
    cr.execute(
        "UPDATE helpdesk_ticket SET stage_id = %s, aftersales_escalated_on = NULL,"
        " priority = '1' WHERE id = ANY(%s)",
        [new.id, opened],
    )
    if closed:
        cr.execute(
            "UPDATE helpdesk_ticket SET stage_id = %s WHERE id = ANY(%s)",
            [done.id, closed],
        )
    cr.execute(
        "UPDATE helpdesk_ticket_sla SET state = 'in_progress',"
        " deadline = now() at time zone 'UTC' + interval '10 days'"
        " WHERE ticket_id = ANY(%s)",
        [ids],
    )
    cr.execute(
        "UPDATE helpdesk_ticket_sla SET deadline = now() at time zone 'UTC'"
        " + interval '30 minutes' WHERE ticket_id = ANY(%s)"
        " AND aftersales_target = 'first_answer'",
        [opened[:DUE]],
    )
    env.invalidate_all()


def measure(registry, ids, open_count, runs):
    def setup(env):
        # Requests of other tests and of the demo stay out of the count.
        env.cr.execute(
            "UPDATE helpdesk_ticket_sla SET state = 'accomplished'"
            " WHERE NOT (ticket_id = ANY(%s))",
            [ids],
        )
        prepare(env, ids, open_count)

    return measure_rolled_back(
        registry,
        lambda env: env["helpdesk.ticket"]._cron_aftersales_escalate(),
        runs,
        prepare=setup,
    )


def main():
    args = parse()
    registry = open_registry(args)
    with superuser_env(registry) as env:
        ids = seed(env)
    rows = {}
    for open_count in args.open:
        median, queries, escalated = measure(registry, ids, open_count, args.runs)
        rows[open_count] = queries
        print(
            f"{open_count:5d} open requests: {escalated} escalated, {queries:3d} "
            f"queries, median {median * 1000:7.1f} ms"
        )
    report_constant_queries("open requests", rows)


if __name__ == "__main__":
    main()
