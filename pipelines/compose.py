"""Stage ``compose``: resolve conf/ into params.yaml, params/ and the pipeline files (dvc.yaml, pipelines/shards/)."""

import sys

from juniper_data.pipeline.compose import main

sys.exit(main(sys.argv[1:]))
