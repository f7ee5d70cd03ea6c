"""``python -m juniper_data.build``: the Hydra app (:mod:`juniper_data.build.app`)."""

from juniper_data.build.app import main

main()
