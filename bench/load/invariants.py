"""After a load run: the invariants of the data (the addon's own check,
``sparklife.aftersales.health``) with the keys of the forms the server
accepted. Prints each invariant and exits 1 when one is broken.

    .venv/bin/python bench/load/invariants.py --config var/odoo.conf \\
        --database sparklife_load --keys var/load/keys.txt
"""

import argparse
import pathlib
import sys

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service.server import load_server_wide_modules
from odoo.tools import config

CHECKS = (
    ("each form sent made exactly one request", "form "),
    ("no item used more free resizes than it had", "item "),
    ("no reminder sent twice", "reminder "),
    ("no request half made (return without RMA or the reverse)", ("return ", "RMA ")),
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--keys", required=True)
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database])
    load_server_wide_modules()
    keys_file = pathlib.Path(args.keys)
    keys = sorted(set(keys_file.read_text().split())) if keys_file.exists() else []
    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        broken = env["sparklife.aftersales.health"]._check_invariants(keys)
    print(f"invariants ({len(keys)} forms accepted by the server):")
    for label, prefix in CHECKS:
        failures = [b for b in broken if b.startswith(prefix)]
        print(f"  {'BROKEN' if failures else 'ok    '} {label}")
        for failure in failures[:10]:
            print(f"           {failure}")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
