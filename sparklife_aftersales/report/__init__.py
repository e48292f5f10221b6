from . import paid_service_report
