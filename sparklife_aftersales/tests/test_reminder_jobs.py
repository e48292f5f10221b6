# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The reminder job against real PostgreSQL transactions: killed in the middle
and run again, or run by two workers at once, it sends each reminder exactly
once."""

import threading
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.fields import Command
from odoo.orm.environments import Transaction
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import SQL

from odoo.addons.sparklife_aftersales import policy
from odoo.addons.sparklife_aftersales.models import batching
from odoo.addons.sparklife_aftersales.models.aftersales_reminder import (
    SparklifeAftersalesReminder,
)

KIND = policy.REMIND_FREE_RESIZE


class Killed(Exception):
    """The job's process dies here."""


@tagged("post_install", "-at_install")
class TestReminderJobs(TransactionCase):
    """Works on committed data with cursors of its own and removes all it
    made, reminders of other items of the database included; the test
    case's own transaction is not used."""

    def _env(self, cr):
        # The cursor's transaction is made on this registry: looking the
        # registry up by name would wait, in a thread, for the lock the test
        # runner holds while it runs post-install tests.
        if cr.transaction is None:
            cr.transaction = Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    @contextmanager
    def _world(self, count):
        """``count`` adjustable rings whose free resize window closes in 10
        days (reminder due), for customers with an email and a phone."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            high_water = {
                table: env.execute_query(
                    SQL(
                        "SELECT COALESCE(MAX(id), 0) FROM %s",
                        SQL.identifier(table),
                    )
                )[0][0]
                for table in (
                    "sparklife_aftersales_reminder",
                    "mail_mail",
                    "mail_message",
                    "sms_sms",
                )
            }
            product = env["product.product"].create(
                {
                    "name": "Job Ring",
                    "type": "consu",
                    "aftersales_covered": True,
                    "aftersales_adjustable": True,
                }
            )
            customers = env["res.partner"].create(
                [
                    {
                        "name": f"Job Customer {n}",
                        "email": f"job{n}@example.com",
                        "phone": f"+3361000{n:04d}",
                    }
                    for n in range(count)
                ]
            )
            bought = fields.Datetime.now() - timedelta(days=80)
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": customer.id,
                        "date_order": bought,
                        "order_line": [Command.create({"product_id": product.id})],
                    }
                    for customer in customers
                ]
            )
            orders.write({"state": "sale", "date_order": bought})
            lines = orders.order_line
            today = env.company._aftersales_today()
            self.assertTrue(
                all(
                    policy.reminder_due(end, today, 14)
                    for end in lines.mapped("aftersales_free_resize_end")
                )
            )
            ids = {
                "product": product.id,
                "customers": customers.ids,
                "orders": orders.ids,
                "lines": lines.ids,
            }
            cr.commit()  # pylint: disable=invalid-commit
        try:
            yield ids
        finally:
            with self.registry.cursor() as cr:
                for table, last in high_water.items():
                    cr.execute(
                        SQL(
                            "DELETE FROM %s WHERE id > %s",
                            SQL.identifier(table),
                            last,
                        )
                    )
                env = self._env(cr)
                orders = env["sale.order"].browse(ids["orders"])
                orders.write({"state": "cancel"})
                orders.unlink()
                env["product.product"].browse(ids["product"]).unlink()
                env["res.partner"].browse(ids["customers"]).unlink()

    def _counts(self, line_ids):
        """Reminders, queued emails and SMS about ``line_ids``, as committed."""
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM sparklife_aftersales_reminder"
                " WHERE sale_line_id IN %s AND kind = %s",
                [tuple(line_ids), KIND],
            )
            reminders = cr.fetchone()[0]
            cr.execute(
                "SELECT COUNT(*) FROM mail_mail m JOIN mail_message msg"
                " ON msg.id = m.mail_message_id"
                " WHERE msg.model = 'sale.order.line' AND msg.res_id IN %s",
                [tuple(line_ids)],
            )
            mails = cr.fetchone()[0]
            cr.execute(
                "SELECT COUNT(*) FROM sms_sms s JOIN sale_order o"
                " ON o.partner_id = s.partner_id JOIN sale_order_line l"
                " ON l.order_id = o.id WHERE l.id IN %s",
                [tuple(line_ids)],
            )
            sms = cr.fetchone()[0]
        return reminders, mails, sms

    def _run(self, batch_size):
        with self.registry.cursor() as cr:
            self._env(cr)["sparklife.aftersales.reminder"]._send_due_reminders(
                KIND, batch_size=batch_size
            )

    def test_killed_after_a_batch_then_run_again(self):
        with self._world(5) as ids:
            deliver = SparklifeAftersalesReminder._deliver
            calls = []

            def dies_in_second_batch(model, reminders, kind):
                calls.append(len(reminders))
                deliver(model, reminders, kind)
                if len(calls) == 2:
                    raise Killed()  # after queuing, before the commit

            with (
                patch.object(
                    SparklifeAftersalesReminder, "_deliver", dies_in_second_batch
                ),
                self.assertRaises(Killed),
            ):
                self._run(batch_size=2)
            # The first batch was committed; the second one is lost whole.
            self.assertEqual(self._counts(ids["lines"]), (2, 2, 2))
            self._run(batch_size=2)
            self.assertEqual(self._counts(ids["lines"]), (5, 5, 5))
            self._run(batch_size=2)
            self.assertEqual(self._counts(ids["lines"]), (5, 5, 5))

    def _two_workers(self, batch_size, local, release=()):
        """Run the job in two threads, "a" and "b", with cursors of their
        own; ``local.name`` says which worker runs. ``release`` are events set
        when a worker ends, so that the other never waits for it in vain.
        Returns what each worker claimed, once both are done."""
        failed = []
        claimed = {}

        def worker(name):
            local.name = name
            try:
                with self.registry.cursor() as cr:
                    model = self._env(cr)["sparklife.aftersales.reminder"]
                    claimed[name] = model._send_due_reminders(
                        KIND, batch_size=batch_size
                    )
            except Exception as exc:  # reported by the test
                failed.append(exc)
            finally:
                for event in release:
                    event.set()

        threads = [threading.Thread(target=worker, args=(name,)) for name in "ab"]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(any(thread.is_alive() for thread in threads), "a worker hangs")
        self.assertEqual(failed, [])
        return claimed

    def test_two_workers_at_the_same_time(self):
        """Both workers hold a batch of their own at the same moment: neither
        waits for the other, and each item is reminded once."""
        with self._world(8) as ids:
            both_claimed = threading.Barrier(2, timeout=60)
            met = set()
            local = threading.local()
            deliver = SparklifeAftersalesReminder._deliver

            def meeting_deliver(model, reminders, kind):
                if local.name not in met:
                    met.add(local.name)
                    both_claimed.wait()  # the first batch of each, together
                deliver(model, reminders, kind)

            with patch.object(SparklifeAftersalesReminder, "_deliver", meeting_deliver):
                claimed = self._two_workers(3, local)
            self.assertEqual(met, {"a", "b"})
            self.assertEqual(self._counts(ids["lines"]), (8, 8, 8))
            self.assertEqual(sum(claimed.values()), 8)
            self.assertTrue(all(claimed.values()), "each worker took a share")

    def test_a_worker_whose_items_another_just_reminded(self):
        """Worker b's transaction began before worker a committed the
        reminders of the first items; b then claims those items: PostgreSQL
        refuses b's claim (repeatable read), and b tries its batch again in a
        fresh transaction instead of failing the job."""
        with self._world(4) as ids:
            b_began = threading.Event()
            a_committed = threading.Event()
            local = threading.local()
            reminder = SparklifeAftersalesReminder
            cron_class = type(self.env["ir.cron"])
            originals = {
                "domain": reminder._due_lines_domain,
                "deliver": reminder._deliver,
                "commit": cron_class._commit_progress,
            }

            def due_lines_domain(model, kind):
                domain = originals["domain"](model, kind)  # b's snapshot begins
                if local.name == "b":
                    b_began.set()
                    self.assertTrue(a_committed.wait(timeout=60))
                return domain

            def deliver(model, reminders, kind):
                if local.name == "a" and not b_began.is_set():
                    self.assertTrue(b_began.wait(timeout=60))
                originals["deliver"](model, reminders, kind)

            def commit_progress(cron, *args, **kwargs):
                result = originals["commit"](cron, *args, **kwargs)
                if local.name == "a":
                    a_committed.set()
                return result

            with (
                patch.object(reminder, "_due_lines_domain", due_lines_domain),
                patch.object(reminder, "_deliver", deliver),
                patch.object(cron_class, "_commit_progress", commit_progress),
                patch.object(batching, "_logger") as logger,
            ):
                claimed = self._two_workers(2, local, (b_began, a_committed))
            retried = [
                call
                for call in logger.info.call_args_list
                if "trying it again" in call.args[0]
            ]
            # b's first batch at least (a's second may meet b's in turn).
            self.assertGreaterEqual(len(retried), 1, "a refused batch was retried")
            self.assertEqual(self._counts(ids["lines"]), (4, 4, 4))
            self.assertEqual(sum(claimed.values()), 4)
