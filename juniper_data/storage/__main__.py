"""``python -m juniper_data.storage remote ...`` (the same subcommands as ``juniper-data remote``)."""

if __name__ == "__main__":
    from juniper_data.storage.commands import main

    raise SystemExit(main())
