"""Stage ``catalog``: index every built dataset into data/catalog.{json,parquet} and data/README.md."""

import sys

from juniper_data.pipeline.catalog import main

sys.exit(main(sys.argv[1:]))
