from . import paid_service_report
from . import service_level_report
from . import care_plan_report
