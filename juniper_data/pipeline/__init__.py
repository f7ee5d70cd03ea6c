"""The registry pipeline: compose ``conf/`` into ``params.yaml``; DVC stages build from it."""
