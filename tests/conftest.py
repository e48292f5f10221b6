"""Tests that run without Odoo: the policy engine and the project's set-up.

The policy module imports nothing from Odoo; it is loaded straight from its
file so that these tests need neither a database nor an Odoo registry.
"""

import importlib.util
import pathlib
import sys

import pytest
from hypothesis import HealthCheck, settings

# Generated cases are cheap, but the machine may be busy (CI runs the Odoo
# suite in the same process): judge the properties, not the speed.
settings.register_profile(
    "sparklife", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("sparklife")

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _load_policy():
    spec = importlib.util.spec_from_file_location(
        "sparklife_policy", ROOT / "sparklife_aftersales" / "policy.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


policy = _load_policy()


@pytest.fixture
def P():
    return policy
