from . import test_coverage
from . import test_coverage_search
from . import test_policy_bridge
from . import test_settings
from . import test_demo_data
from . import test_tour
from . import test_i18n
from . import test_service_request
