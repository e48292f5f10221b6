"""What the benchmarks share: their command line, the bench database's
registry, one measured step in a transaction rolled back after it, and a
ratio printed against its target.

A missed target is printed, never raised: a benchmark informs, it does not
fail.
"""

import argparse
import statistics
import time
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service.server import load_server_wide_modules
from odoo.tools import config


def parser(description=None):
    """The options every benchmark takes: Odoo's configuration file and the
    bench database."""
    cli = argparse.ArgumentParser(description=description)
    cli.add_argument("--config", required=True)
    cli.add_argument("--database", required=True)
    return cli


def open_registry(args):
    """The registry of ``args.database``, configured from ``args.config``."""
    config.parse_config(["-c", args.config, "-d", args.database])
    load_server_wide_modules()
    return Registry(args.database)


@contextmanager
def superuser_env(registry):
    """An environment as the superuser on a new cursor of ``registry``."""
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})


def measure_rolled_back(registry, step, runs, prepare=None):
    """Run ``step(env)`` ``runs`` times, each in a transaction of its own that
    is rolled back afterwards (after ``prepare(env)`` when given, which is not
    measured). Returns the median time in seconds, the fewest queries of one
    run, and the last run's result."""
    times, queries, result = [], None, None
    for _ in range(runs):
        with superuser_env(registry) as env:
            if prepare:
                prepare(env)
            env.invalidate_all()
            before = env.cr.sql_log_count
            started = time.perf_counter()
            result = step(env)
            times.append(time.perf_counter() - started)
            count = env.cr.sql_log_count - before
            queries = count if queries is None else min(queries, count)
            env.cr.rollback()
    return statistics.median(times), queries, result


def report_ratio(label, ratio, target, at_least=False):
    """Print ``label: ratio× (target: at most|at least target×)``, marked
    ``TARGET MISSED`` when it is; returns whether the target is met."""
    met = ratio >= target if at_least else ratio <= target
    bound = "at least" if at_least else "at most"
    verdict = "" if met else ", TARGET MISSED"
    print(f"{label}: {ratio:.2f}× (target: {bound} {target:.2f}×{verdict})")
    return met


def report_constant_queries(what, queries_by_size):
    """The query count of the largest size against the smallest: the target
    is 1.00×, a count that does not grow with the data."""
    small, large = min(queries_by_size), max(queries_by_size)
    return report_ratio(
        f"queries {large} {what} / {small} {what}",
        queries_by_size[large] / queries_by_size[small],
        1.0,
    )
