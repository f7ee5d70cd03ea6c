"""Stage ``build-<k>``: build the datasets and families of shard k (unchanged ones are skipped)."""

import sys

from juniper_data.pipeline.stage import main

sys.exit(main(sys.argv[1:]))
