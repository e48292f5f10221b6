"""pytest settings shared by tests/ and the addon's Odoo test cases."""

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--fail-on-skip",
        action="store_true",
        help="Report skipped tests as failures (a tour skipped for want of a "
        "browser must not look green).",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and item.config.getoption("--fail-on-skip")
        and not hasattr(report, "wasxfail")
    ):
        reason = (
            report.longrepr[-1]
            if isinstance(report.longrepr, tuple)
            else report.longrepr
        )
        report.outcome = "failed"
        report.longrepr = f"skipped, and skips are failures here: {reason}"
