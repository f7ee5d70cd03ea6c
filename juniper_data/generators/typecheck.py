"""Parameter values checked against their declared type, read as a type (not as text).

:func:`convert` walks the annotation with ``typing.get_origin`` / ``get_args``:
``bool``, ``int`` (64-bit, a float that is a whole number converts), ``float``
(finite; an int converts), ``str``, ``None``, ``Any``, ``list[T]``,
``tuple[T, ...]``, ``tuple[A, B]``, ``dict[K, V]`` and unions of them, element
by element. A mismatch names where inside the value it is (``[1][0]``) and
what is allowed there, so ``centers = [[0, 0], [nan, 1]]`` is refused as
"item [1][0] = nan; allowed: a finite number".

:func:`show` is the ``repr`` used in every error message: bounded in length,
and safe for integers past Python's 4300-digit ``str`` limit.
"""

from __future__ import annotations

import math
import types
from typing import Any, Union, get_args, get_origin

#: Integers a parameter may hold: what numpy and the recipe's JSON handle (signed 64 bits).
INT_LIMIT = 1 << 63
SHOW_CHARS = 120
_NONE = type(None)
_SINGULAR = {bool: "true or false", int: "an integer", float: "a number", str: "a string", _NONE: "null"}
_PLURAL = {bool: "booleans", int: "integers", float: "numbers", str: "strings", _NONE: "nulls"}


class Mismatch(ValueError):
    """``value`` (at ``path`` inside the parameter) is not of the declared type."""

    def __init__(self, path: str, value: Any, allowed: str) -> None:
        super().__init__(f"{path or 'value'} = {show(value)}; allowed: {allowed}")
        self.path, self.value, self.allowed = path, value, allowed


def show(value: Any, limit: int = SHOW_CHARS) -> str:
    """``repr(value)``, shortened past ``limit`` characters; never raises.

    Examples
    --------
    >>> show(10**5000)
    '<an integer of 5001 digits>'
    >>> show("x" * 500)[:8], len(show("x" * 500)) < 160
    ("'xxxxxxx", True)
    """
    try:
        text = repr(value)
    except ValueError:  # an int past Python's digit limit, maybe inside a container
        text = _show_huge(value)
    except RecursionError:
        return f"<a {type(value).__name__} nested too deeply to print>"
    if len(text) > limit:
        return f"{text[: limit - 20]}... ({len(text)} characters)"
    return text


def _show_huge(value: Any) -> str:
    if isinstance(value, int):
        return f"<an integer of {_digits(value)} digits>"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(v, 40) for v in value[:4]) + (", ...]" if len(value) > 4 else "]")
    return f"<a {type(value).__name__}>"


def _digits(value: int) -> int:
    """Decimal digits of ``value`` without converting it to text (which Python limits)."""
    magnitude = abs(value)
    estimate = max(1, int(magnitude.bit_length() * math.log10(2)))
    return estimate + (magnitude >= 10**estimate)


def describe(tp: Any) -> str:
    """What a value of type ``tp`` is, for 'allowed: ...' (``list[float] | None`` -> 'a list of numbers or null')."""
    origin, args = get_origin(tp), get_args(tp)
    if tp is Any:
        return "any value"
    if origin in (Union, types.UnionType):
        members = [describe(a) for a in args if a is not _NONE] + (["null"] if _NONE in args else [])
        return " or ".join(members)
    if origin is list:
        return f"a list of {_plural(args[0]) if args else 'values'}"
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"a list of {_plural(args[0])}"
        if args and all(a == args[0] for a in args):
            return f"a list of {len(args)} {_plural(args[0])}"
        return f"a list of {len(args)} values ({', '.join(describe(a) for a in args)})"
    if origin is dict:
        return "a mapping"
    return _SINGULAR.get(tp, f"a {getattr(tp, '__name__', tp)}")


def _plural(tp: Any) -> str:
    if tp in _PLURAL:
        return _PLURAL[tp]
    text = describe(tp)
    return "lists of " + text.removeprefix("a list of ") if text.startswith("a list of ") else f"values ({text})"


def convert(value: Any, tp: Any, path: str = "") -> Any:
    """``value`` checked against ``tp`` (int -> float, whole float -> int, tuple -> list where declared).

    Raises
    ------
    Mismatch
        At the innermost element that does not fit, with what is allowed there.

    Examples
    --------
    >>> convert([1, 2.0], list[float])
    [1.0, 2.0]
    >>> try:
    ...     convert([[0, 0], [float("nan"), 1]], list[list[float]] | None)
    ... except Mismatch as error:
    ...     print(error)
    [1][0] = nan; allowed: a finite number
    """
    origin, args = get_origin(tp), get_args(tp)
    if tp is Any:
        return value
    if origin in (Union, types.UnionType):
        return _convert_union(value, tp, args, path)
    if value is None:
        if tp is _NONE:
            return None
        raise Mismatch(path, value, describe(tp))
    if origin in (list, tuple):
        return _convert_sequence(value, tp, origin, args, path)
    if origin is dict:
        if not isinstance(value, dict):
            raise Mismatch(path, value, describe(tp))
        key_type, value_type = args or (Any, Any)
        return {convert(k, key_type, f"{path}[{k!r}]"): convert(v, value_type, f"{path}[{k!r}]")
                for k, v in value.items()}  # fmt: skip
    return _convert_scalar(value, tp, path)


def _convert_union(value: Any, tp: Any, args: tuple[Any, ...], path: str) -> Any:
    if value is None and _NONE in args:
        return None
    mismatches = []
    for member in (a for a in args if a is not _NONE):
        try:
            return convert(value, member, path)
        except Mismatch as mismatch:
            mismatches.append((member, mismatch))
    if len(mismatches) == 1:  # ``T | None``: T's own reason, which may be more precise than its name
        only = mismatches[0][1]
        if only.path != path:
            raise only
        raise Mismatch(path, value, only.allowed + (" or null" if _NONE in args else ""))
    # A list that fails inside is best explained by the list member's own, deeper error.
    is_sequence = isinstance(value, list | tuple)
    same_kind = [m for member, m in mismatches if (get_origin(member) in (list, tuple)) == is_sequence]
    if len(same_kind) == 1 and same_kind[0].path != path:
        raise same_kind[0]
    raise Mismatch(path, value, describe(tp))


def _convert_sequence(value: Any, tp: Any, origin: Any, args: tuple[Any, ...], path: str) -> Any:
    if not isinstance(value, list | tuple):
        raise Mismatch(path, value, describe(tp))
    if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
        if len(value) != len(args):
            raise Mismatch(path, value, describe(tp))
        items = [convert(v, a, f"{path}[{i}]") for i, (v, a) in enumerate(zip(value, args, strict=True))]
    else:
        item_type = args[0] if args else Any
        items = [convert(v, item_type, f"{path}[{i}]") for i, v in enumerate(value)]
    return tuple(items) if origin is tuple else items


def _convert_scalar(value: Any, tp: Any, path: str) -> Any:
    if tp is bool:
        if not isinstance(value, bool):
            raise Mismatch(path, value, "true or false")
        return value
    if tp is int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Mismatch(path, value, "an integer")
        if not -INT_LIMIT <= value < INT_LIMIT:
            raise Mismatch(path, value, "an integer of at most 64 bits (|value| < 2**63)")
        return int(value)
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Mismatch(path, value, "a number")
        try:
            number = float(value)
        except OverflowError:  # an int beyond float range
            raise Mismatch(path, value, "a finite number") from None
        if not math.isfinite(number):
            raise Mismatch(path, value, "a finite number")
        return number
    if tp is str:
        if not isinstance(value, str):
            raise Mismatch(path, value, "a string")
        return value
    if isinstance(tp, type) and not isinstance(value, tp):
        raise Mismatch(path, value, describe(tp))
    return value
