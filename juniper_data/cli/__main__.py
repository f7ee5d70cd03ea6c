"""``python -m juniper_data.cli``: the ``juniper-data`` command."""

if __name__ == "__main__":
    import sys

    from juniper_data.cli import main

    sys.exit(main())
