"""Stage ``compose``: resolve conf/ into params.yaml, params/shard-<k>.yaml and dvc.yaml."""

import sys

from juniper_data.pipeline.compose import main

sys.exit(main(sys.argv[1:]))
