"""A drop-in for ``juniper_data_client``: the old REST client's methods, answered in this process.

Replace ``from juniper_data_client import JuniperDataClient`` by
``from juniper_data.client import JuniperDataClient``: the methods consumers call keep
their names, arguments and return shapes, and the exception classes keep their names,
so ``except`` clauses keep working. No server, no network: a recipe is made by
:func:`juniper_data.generate`, a registry release is read by :func:`juniper_data.load`.
What changed, call by call: ``docs/migration.md``.

Importing this package loads only the standard library.

Examples
--------
>>> from juniper_data.client import JuniperDataClient, JuniperDataValidationError
>>> client = JuniperDataClient()
>>> try:
...     client.create_dataset("moon", {"n_points": 5})
... except JuniperDataValidationError as error:
...     print(str(error)[:76])
invalid parameters for generator 'moon': unknown parameter 'n_points' for ge
"""

from juniper_data.client.client import JuniperDataClient
from juniper_data.client.errors import (
    JuniperDataClientError,
    JuniperDataCompatibilityWarning,
    JuniperDataConfigurationError,
    JuniperDataConnectionError,
    JuniperDataContractError,
    JuniperDataNotFoundError,
    JuniperDataTimeoutError,
    JuniperDataValidationError,
)

__all__ = [
    "JuniperDataClient",
    "JuniperDataClientError",
    "JuniperDataCompatibilityWarning",
    "JuniperDataConfigurationError",
    "JuniperDataConnectionError",
    "JuniperDataContractError",
    "JuniperDataNotFoundError",
    "JuniperDataTimeoutError",
    "JuniperDataValidationError",
]
