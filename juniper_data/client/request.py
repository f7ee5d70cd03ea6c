"""What an old ``POST /v1/datasets`` request means here: JuniperData 0.17.1's defaults, made explicit.

0.17.1 filled in two defaults that :func:`juniper_data.generate` does not (it keeps 0.4's
recipes): ``sizing_mode`` (``"additive"`` for the six synthetic generators, ``"carve"``
with 0.8/0.1/0.1 for the ones that read real data) and ``seed`` (42 for ``spiral``;
``$JUNIPER_DATA_DEFAULT_GENERATOR_SEED``, else 42, for every other generator). The client
adds them to a request that gives none, so a request means what it meant to 0.17.1 and
its arrays are 0.17.1's. Everything else is passed on unchanged: aliases (``n_points``,
``noise_level``) are the generators' own, and an unknown parameter is an error.

Only the standard library is imported here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: The generators 0.17.1 sized additively by default (SPEC-0.17 §1.1).
SYNTHETIC = ("spiral", "xor", "gaussian", "circles", "checkerboard", "moon")
#: Generators that read real data: carve is their default (and 0.17.1's only) mode.
REAL_DATA = ("csv_import", "mnist", "arc_agi", "kaggle")
SEED_ENV = "JUNIPER_DATA_DEFAULT_GENERATOR_SEED"
SERVICE_SEED = 42
#: 0.17.1's partition defaults of the real-data generators (train 0.8 is ours too).
REAL_DATA_RATIOS = {"val_ratio": 0.1, "test_ratio": 0.1}
#: Names the dashboard's menu shows, which the trainer translated before asking the service.
MENU_NAMES = {"moons": "moon", "spirals": "spiral"}
REGISTRY_ENV = "JUNIPER_DATA_REGISTRY"


def default_seed(environ: Mapping[str, str] | None = None) -> int:
    """The seed 0.17.1 gave every generator but spiral: ``$JUNIPER_DATA_DEFAULT_GENERATOR_SEED``.

    A missing, blank, malformed or negative value gives 42, as in 0.17.1.

    Examples
    --------
    >>> default_seed({}), default_seed({SEED_ENV: "7"}), default_seed({SEED_ENV: "-1"}), default_seed({SEED_ENV: "x"})
    (42, 7, 42, 42)
    """
    text = (os.environ if environ is None else environ).get(SEED_ENV, "").strip()
    try:
        value = int(text)
    except ValueError:
        return SERVICE_SEED
    return value if value >= 0 else SERVICE_SEED


def service_defaults(generator: str, seed: int) -> dict[str, Any]:
    """The parameters 0.17.1 assumed for ``generator`` when a request left them out.

    ``seed`` is the default seed of every generator but spiral (:func:`default_seed`).
    Generators 0.17.1 did not have (plug-ins) get none: their own defaults apply.

    Examples
    --------
    >>> service_defaults("spiral", 7)
    {'sizing_mode': 'additive', 'seed': 42}
    >>> service_defaults("moon", 7)
    {'sizing_mode': 'additive', 'seed': 7}
    >>> service_defaults("csv_import", 42)
    {'sizing_mode': 'carve', 'seed': 42, 'val_ratio': 0.1, 'test_ratio': 0.1}
    """
    if generator == "spiral":
        return {"sizing_mode": "additive", "seed": SERVICE_SEED}
    if generator in SYNTHETIC:
        return {"sizing_mode": "additive", "seed": seed}
    if generator in REAL_DATA:
        return {"sizing_mode": "carve", "seed": seed, **REAL_DATA_RATIOS}
    return {}


def effective_request(generator: str, params: Mapping[str, Any], seed: int) -> dict[str, Any]:
    """``params`` with 0.17.1's defaults added where the request gives none (nothing is dropped).

    Examples
    --------
    >>> effective_request("spiral", {"n_points": 50}, 7)
    {'sizing_mode': 'additive', 'seed': 42, 'n_points': 50}
    >>> effective_request("xor", {"seed": None, "sizing_mode": "carve"}, 7)
    {'seed': None, 'sizing_mode': 'carve'}
    """
    return {**{k: v for k, v in service_defaults(generator, seed).items() if k not in params}, **params}


def split_registry(text: str) -> tuple[str, str | None]:
    """``"<registry>@<rev>"`` -> ``(registry, rev)``, as ``$JUNIPER_DATA_REGISTRY`` may spell it.

    The rev is what follows the first ``@`` of the last path component (so
    ``git@host:lab/registry.git`` and ``https://user@host/registry.git`` keep their
    ``@``, and a release tag ``name@v1.0.0`` can be the rev); a rev holds no ``/`` or
    ``:``. A local path that exists as written is never split.

    Examples
    --------
    >>> split_registry("/srv/registry.git@v1.2.0")
    ('/srv/registry.git', 'v1.2.0')
    >>> split_registry("git@host:lab/registry.git")
    ('git@host:lab/registry.git', None)
    >>> split_registry("https://host/lab/registry.git@xor_default@v1.0.0")
    ('https://host/lab/registry.git', 'xor_default@v1.0.0')
    """
    text = text.strip()
    cut = max(text.rfind("/"), text.rfind(":"))
    at = text.find("@", cut + 1)
    if at <= 0 or at == len(text) - 1 or Path(text).expanduser().exists():
        return text, None
    return text[:at], text[at + 1 :]
