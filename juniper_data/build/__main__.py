"""``python -m juniper_data.build``: the Hydra app (:mod:`juniper_data.build.app`)."""

if __name__ == "__main__":
    from juniper_data.build.app import main

    main()
