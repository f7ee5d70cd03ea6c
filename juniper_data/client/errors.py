"""The old client's exception classes, so ``except`` clauses written for ``juniper_data_client`` keep working.

Every error the in-process client raises is a :class:`JuniperDataClientError`. The
subclasses keep the names (and the ``status_code`` / ``detail`` / ``response``
attributes) of ``juniper_data_client`` 0.6; ``status_code`` is the HTTP status
JuniperData 0.17.1 answered the same request with, for code that branches on it.

========================================  =====================================================
class                                     raised when
========================================  =====================================================
:class:`JuniperDataValidationError`       a bad request: unknown generator or parameter (named,
                                          with what is allowed), wrong type, out of range, or
                                          parameters given to a registry dataset (400)
:class:`JuniperDataNotFoundError`         an unknown dataset id or generator schema, or a
                                          registry dataset, rev or release that cannot be
                                          loaded (:class:`juniper_data.LoadError`) (404)
:class:`JuniperDataConfigurationError`    a registry setting that cannot be used (a rev
                                          without a registry spelled ``path@rev`` twice)
:class:`JuniperDataContractError`         arrays that do not match their metadata
                                          (:class:`juniper_data.artifacts.reader.ArtifactError`)
:class:`JuniperDataConnectionError`       never: there is no server to connect to
:class:`JuniperDataTimeoutError`          never: nothing waits on a network
========================================  =====================================================

Only the standard library is imported here.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "JuniperDataClientError",
    "JuniperDataCompatibilityWarning",
    "JuniperDataConfigurationError",
    "JuniperDataConnectionError",
    "JuniperDataContractError",
    "JuniperDataNotFoundError",
    "JuniperDataTimeoutError",
    "JuniperDataValidationError",
]


class JuniperDataClientError(Exception):
    """Base class of every error :class:`~juniper_data.client.JuniperDataClient` raises.

    Parameters
    ----------
    message : str
        What went wrong and what is allowed.
    status_code : int, optional
        The HTTP status JuniperData 0.17.1 gave the same request (None: no equivalent).
    detail : object, optional
        The message again, where the old service put its ``detail`` payload.
    response : object, optional
        Always None (there is no HTTP response); kept for code that reads it.

    Examples
    --------
    >>> error = JuniperDataValidationError("unknown parameter 'n_points'", status_code=400)
    >>> isinstance(error, JuniperDataClientError), error.status_code, error.detail
    (True, 400, "unknown parameter 'n_points'")
    """

    def __init__(
        self, message: str = "", *, status_code: int | None = None, detail: Any = None, response: Any = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.detail = message if detail is None else detail
        self.response = response


class JuniperDataValidationError(JuniperDataClientError, ValueError):
    """A request the client refuses: the message names the parameter and what is allowed (0.17.1: 400)."""


class JuniperDataNotFoundError(JuniperDataClientError, LookupError):
    """An unknown dataset id or generator, or a registry dataset that cannot be loaded at that version (404)."""


class JuniperDataConfigurationError(JuniperDataClientError):
    """The client's registry configuration cannot be used."""


class JuniperDataContractError(JuniperDataClientError, ValueError):
    """Arrays that do not match their metadata (a damaged artifact); never returned silently."""


class JuniperDataConnectionError(JuniperDataClientError):
    """Kept for ``except`` clauses; never raised: the client answers in-process."""


class JuniperDataTimeoutError(JuniperDataClientError):
    """Kept for ``except`` clauses; never raised: no request waits on a network."""


class JuniperDataCompatibilityWarning(UserWarning):
    """An argument of the old HTTP client that the in-process client accepts and ignores."""
