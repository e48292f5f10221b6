"""How fast the policy engine answers, against the bare date arithmetic.

For N generated items, time ``policy.coverage`` + ``policy.evaluate`` for a
free-resize request, and side by side the least any implementation must do:
the same date arithmetic inline, with no settings, no reasons and no
dataclasses. Prints items/second for both and their ratio.

    .venv/bin/python bench/bench_policy.py [N]
"""

import datetime as dt
import importlib.util
import pathlib
import random
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location(
    "sparklife_policy", ROOT / "sparklife_aftersales" / "policy.py"
)
policy = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = policy
spec.loader.exec_module(policy)


def make_items(count, seed=42):
    rnd = random.Random(seed)
    start = dt.date(2020, 1, 1)
    items = []
    for _ in range(count):
        purchase = start + dt.timedelta(days=rnd.randrange(2500))
        items.append(
            policy.Item(
                purchase_date=purchase,
                received_date=purchase + dt.timedelta(days=rnd.randrange(20)),
                quantity=rnd.randint(1, 3),
                adjustable=rnd.random() < 0.5,
                free_resizes_used=rnd.randint(0, 2),
            )
        )
    return items


def with_engine(items, today, settings):
    free = 0
    for item in items:
        policy.coverage(item, settings)
        free += policy.evaluate(item, policy.RESIZE, today, settings).is_free
    return free


def baseline(items, today):
    """Only the date arithmetic and comparisons the answer needs."""
    free = 0
    for item in items:
        end = policy.add_months(item.purchase_date, 3)
        policy.add_months(item.purchase_date, 12)
        item.received_date + dt.timedelta(days=30)
        free += (
            item.adjustable
            and today <= end
            and item.quantity - item.free_resizes_used > 0
        )
    return free


def timed(func, *args):
    best = None
    for _ in range(3):
        start = time.perf_counter()
        result = func(*args)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return result, best


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    items = make_items(count)
    today = dt.date(2026, 11, 27)
    settings = policy.Settings()
    free_engine, t_engine = timed(with_engine, items, today, settings)
    free_base, t_base = timed(baseline, items, today)
    assert free_engine == free_base, (free_engine, free_base)
    print(f"items: {count}, free resizes available: {free_engine}")
    print(f"policy engine : {count / t_engine:12,.0f} items/s ({t_engine:.3f} s)")
    print(f"bare baseline : {count / t_base:12,.0f} items/s ({t_base:.3f} s)")
    print(f"ratio engine/baseline: {t_engine / t_base:.2f}x")


if __name__ == "__main__":
    main()
