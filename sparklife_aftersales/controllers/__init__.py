from . import portal
from . import returns
from . import tracking
from . import rating
from . import verify
from . import portal_papers
from . import portal_credit
