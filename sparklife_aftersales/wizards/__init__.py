from . import aftersales_override
from . import aftersales_policy_settings
