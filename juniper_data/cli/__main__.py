"""``python -m juniper_data.cli``: the ``juniper-data`` command."""

import sys

from juniper_data.cli import main

sys.exit(main())
