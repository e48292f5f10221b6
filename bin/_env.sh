# Shared settings of the bin/ commands (sourced, not run).
# Every value can be overridden from the environment.
export ODOO_PATH=${ODOO_PATH:-/opt/odoo/19.0}
export VENV=${VENV:-$ROOT/.venv}
export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-sparklife}
export PGPASSWORD=${PGPASSWORD:-sparklife}
export ODOO_CONF=${ODOO_CONF:-$ROOT/var/odoo.conf}
# Modules the addon builds on, installed before it when a test database is
# prepared in two steps (see bin/test).
export SPARKLIFE_BASE_DEPENDS="sale_management,sale_stock,account,portal,mail,sms,mass_mailing_sms,payment_custom,repair,stock_delivery"
# The OCA modules the addon extends or runs with, whose own test suites
# bin/test runs: on a database with demo data, and (those whose suites are
# written for Odoo 19's default, no demo data) on one without.
export SPARKLIFE_EXTENDS=${SPARKLIFE_EXTENDS:-"rma,rma_sale,helpdesk_mgmt,helpdesk_mgmt_sla,helpdesk_mgmt_rating,queue_job,session_db"}
export SPARKLIFE_EXTENDS_NO_DEMO=${SPARKLIFE_EXTENDS_NO_DEMO:-"fs_storage,fs_attachment"}
export SPARKLIFE_DEPENDS="$SPARKLIFE_BASE_DEPENDS,helpdesk_mgmt,helpdesk_mgmt_sla,helpdesk_mgmt_rating,rma_sale,queue_job,fs_attachment"

# odoo COMMAND ARGS...: run an Odoo 19.0 command (server, shell...) from
# ODOO_PATH inside the virtualenv, with the shared configuration.
odoo() {
  local command=$1; shift
  "$VENV/bin/python" -m odoo "$command" -c "$ODOO_CONF" "$@"
}

# write_odoo_conf: the configuration every command shares.
write_odoo_conf() {
  mkdir -p "$(dirname "$ODOO_CONF")" "$ROOT/var/data"
  cat > "$ODOO_CONF" <<CONF
[options]
data_dir = $ROOT/var/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = $PGPASSWORD
http_interface = ${HTTP_INTERFACE:-127.0.0.1}
http_port = ${HTTP_PORT:-8069}
CONF
}

# install_db NAME MODULES [--with-demo]: a fresh database NAME with MODULES
# installed; fails when Odoo logged an error. The company is Sparklife's
# country (SPARKLIFE_COUNTRY, default FR), so that Odoo installs its chart of
# accounts, taxes and fiscal positions with the accounting, in the country's
# currency. With demo data, Odoo's accounting demo gives the main company the
# generic chart in US dollars: the country's chart (and its demo entries)
# replaces it before any other module's demo data is loaded.
install_db() {
  local db=$1 modules=$2; shift 2
  local demo=()
  [ "${1:-}" = "--with-demo" ] && demo=(--with-demo)
  dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$db"
  "$VENV/bin/python" -m odoo db -c "$ODOO_CONF" init "$db" \
    "${demo[@]}" --country "${SPARKLIFE_COUNTRY:-FR}"
  if [ ${#demo[@]} -gt 0 ]; then
    odoo_step "$db" -i account
    odoo shell -d "$db" --no-http --log-level=warn < "$ROOT/bin/_local_chart.py"
  fi
  odoo_step "$db" -i "$modules" "$@"
}

# odoo_step DB ARGS...: run Odoo once on DB and stop; fails on a logged error.
odoo_step() {
  local db=$1; shift
  local log="$ROOT/var/log/$db.log"
  mkdir -p "$ROOT/var/log"
  : > "$log"
  if ! odoo server -d "$db" "$@" --stop-after-init --logfile="$log" --log-level=info; then
    tail -40 "$log" >&2
    echo "ERROR: Odoo failed on database $db (full log: $log)" >&2
    return 1
  fi
  if grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$log" >&2; then
    echo "ERROR: Odoo logged errors on database $db (full log: $log)" >&2
    return 1
  fi
  # Odoo only warns when a module's demo data fails, and goes on without it.
  if grep -E "demo data failed to install" "$log" >&2; then
    echo "ERROR: demo data failed on database $db (full log: $log)" >&2
    return 1
  fi
}
