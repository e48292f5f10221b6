from . import aftersales_override
from . import aftersales_policy_settings
from . import sale_order_rma_wizard
from . import aftersales_ship_unpaid
from . import aftersales_report_missing
