"""Run in ``odoo shell`` by install_db on a new demo database, once account is
installed: the main company gets the chart of accounts of its country (and
its currency) with Odoo's accounting demo entries, instead of the generic
chart that account's demo data gives it."""

env = env  # noqa: F821 - provided by odoo shell

company = env.ref("base.main_company")
charts = env["account.chart.template"]
code = charts._guess_chart_template(company.country_id)
if company.chart_template != code:
    charts.try_loading(code, company, install_demo=True)
    env.cr.commit()
company = env.ref("base.main_company")
if company.chart_template != code:
    raise SystemExit(
        f"The main company's chart is {company.chart_template}, not {code}"
    )
print(f"Main company: chart {company.chart_template}, {company.currency_id.name}")
