"""``python -m juniper_data``: the ``juniper-data`` CLI, and a clear answer to the old server command.

JuniperData's service was started with ``python -m juniper_data --port 8100``; there is
no server any more, so its options (``--host``, ``--port``, ``--storage-path``,
``--log-level``, ``--reload``) exit with status 2 and say what replaces it. Without
arguments the CLI's help is printed, with a pointer to the migration guide; any other
arguments run the CLI (``python -m juniper_data list`` is ``juniper-data list``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

MIGRATION_GUIDE = "docs/migration.md"
#: The options of JuniperData 0.17's ``python -m juniper_data`` (the uvicorn server).
SERVER_OPTIONS = ("--host", "--port", "--storage-path", "--log-level", "--reload")

POINTER = f"""\
Migrating from the JuniperData REST service (juniper_data_client, /v1/... routes)? There is no
server: datasets are made or read in your process. Replace juniper_data_client.JuniperDataClient
by juniper_data.client.JuniperDataClient (same methods), or call juniper_data.generate() /
juniper_data.load(). Call by call: {MIGRATION_GUIDE} in the juniper-data repository."""

NO_SERVER = f"""\
python -m juniper_data: OPTION is an option of the old JuniperData server, and there is no server
any more: nothing listens on a port, and no consumer needs to start anything.
Consumers read datasets in their own process instead:
  from juniper_data.client import JuniperDataClient   # drop-in for juniper_data_client, no base_url
  JuniperDataClient().create_dataset("spiral", {{"n_spirals": 2}})
or juniper_data.generate(...) / juniper_data.load("name@vX.Y.Z", repo=REGISTRY).
Remove the step that started the service (and its health probes); see {MIGRATION_GUIDE}."""


def server_option(argv: Sequence[str]) -> str | None:
    """The first argument that belongs to the old server's command line, if any.

    Examples
    --------
    >>> server_option(["--port", "8100"]), server_option(["--host=0.0.0.0"]), server_option(["list"])
    ('--port', '--host', None)
    """
    for arg in argv:
        option = arg.split("=", 1)[0]
        if option in SERVER_OPTIONS:
            return option
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m juniper_data``; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    option = server_option(args)
    if option is not None:
        print(NO_SERVER.replace("OPTION", option), file=sys.stderr)
        return 2
    from juniper_data import cli

    if not args:
        cli.build_parser().print_help()
        print("\n" + POINTER)
        return 0
    return cli.main(args)


if __name__ == "__main__":
    sys.exit(main())
