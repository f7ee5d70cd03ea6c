"""Names that become paths: datasets, families, variants. One rule, checked in one place.

A dataset or family name is ONE safe path component: lower-case ASCII letters,
digits, ``_`` and ``-``, starting with a letter or digit, at most 100
characters, and not a name Windows reserves. So a name can never be ``.``,
``..``, absolute, hidden or contain a separator; it is also a valid DVC
artifact name and git tag prefix (``name@v1.0.0``). Recipes, families, ad-hoc
builds (``python -m juniper_data.build name=...``) and the CLI all call
:func:`check_name`.

A family *variant* is named after its swept values (``n_spirals=2,noise=0.1``,
Hydra's ``override_dirname`` style). Values are user data (a CSV column name
can hold ``/``), so :func:`variant_label` percent-encodes every character
outside ``[A-Za-z0-9_.+-]`` (and ``%`` itself) in keys and values; the label
then cannot contain a separator, and it is refused when longer than a file
name may be.

Examples
--------
>>> check_name("xor_default")
'xor_default'
>>> variant_label({"n_spirals": 2, "noise": 0.1})
'n_spirals=2,noise=0.1'
>>> variant_label({"label_column": "a/b", "flag": True})
'label_column=a%2Fb,flag=true'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_NAME = 100
MAX_VARIANT = 200
#: Device names Windows refuses as file names, whatever the extension.
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
_SAFE = "_.+-"


class InvalidNameError(ValueError):
    """A name that would become a path is not allowed."""


def check_name(name: Any, what: str = "dataset name") -> str:
    """Return ``name`` if it is a valid dataset or family name; raise :class:`InvalidNameError` otherwise.

    Parameters
    ----------
    name : str
    what : str
        How the caller names the value in the error (``"name"``, ``"conf/datasets/x.yaml"`` ...).

    Examples
    --------
    >>> check_name("../x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    juniper_data.names.InvalidNameError: dataset name '../x' is not allowed: use 1-100 lower-case letters, ...
    """
    if not isinstance(name, str) or not NAME_RE.match(name) or len(name) > MAX_NAME or name in RESERVED:
        reason = (
            f"{name!r} is reserved by Windows"
            if isinstance(name, str) and name in RESERVED
            else f"{name!r} is not allowed: use 1-{MAX_NAME} lower-case letters, digits, '_' and '-', "
            "starting with a letter or digit"
        )
        raise InvalidNameError(f"{what} {reason}")
    return name


def check_dataset_ref(name: Any, what: str = "dataset name") -> str:
    """A dataset name as consumers give it: ``name``, or ``family/variant`` (a :func:`variant_label`)."""
    if isinstance(name, str) and name.count("/") == 1:
        family, variant = name.split("/")
        check_name(family, what)
        check_variant(variant, what)
        return name
    return check_name(name, what)


def check_variant(label: Any, what: str = "variant") -> str:
    """Refuse a variant label that is not one safe path component."""
    if (
        not isinstance(label, str)
        or not label
        or label in (".", "..")
        or label[0] == "."
        or len(label.encode()) > MAX_VARIANT
        or any(c in label for c in "/\\\0")
    ):
        raise InvalidNameError(f"{what} {label!r} is not one safe folder name (at most {MAX_VARIANT} bytes, no '/')")
    return label


def spell(value: Any) -> str:
    """A swept value as it appears in a variant label (booleans lower-case, lists in brackets)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | tuple):
        return "[" + ",".join(spell(v) for v in value) + "]"
    return str(value)


def variant_label(values: Mapping[str, Any]) -> str:
    """Folder name of a family variant: ``key=value`` pairs joined by ``,``, unsafe characters encoded.

    Raises
    ------
    InvalidNameError
        When the label is longer than :data:`MAX_VARIANT` bytes (sweep fewer or shorter values).
    """
    label = ",".join(f"{quote(str(k), safe=_SAFE)}={quote(spell(v), safe=_SAFE + '[],')}" for k, v in values.items())
    return check_variant(label, "family variant")
