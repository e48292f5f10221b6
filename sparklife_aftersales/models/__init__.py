from . import aftersales_policy
from . import aftersales_reminder
from . import helpdesk_ticket
from . import product_template
from . import res_company
from . import res_config_settings
from . import sale_order
from . import sale_order_line
