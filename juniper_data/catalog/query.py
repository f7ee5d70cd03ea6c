"""Filters, paging and statistics over catalog rows (what the old service's list/filter/stats did).

Definitions
-----------
samples
    ``n_full``: the rows a dataset generated (train + validation + test + any rows the split ratios drop).
split rows
    ``n_train``, ``n_val`` (0 for a dataset without a validation split) and ``n_test`` summed.
created
    See :mod:`juniper_data.catalog.view`; a dataset with no committed recipe or entry
    has ``created = None`` and never matches a ``created`` filter.
expired
    ``expires`` is a date before today (UTC); expired datasets are left out unless asked for.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from juniper_data.catalog.view import CatalogError, is_expired
from juniper_data.split_names import THREE_WAY, partitions


@dataclass
class Filters:
    """What ``juniper-data list`` keeps; every field optional."""

    generators: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    all_tags: bool = False
    created_after: datetime.date | None = None
    created_before: datetime.date | None = None
    min_samples: int | None = None
    max_samples: int | None = None
    include_expired: bool = False
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        from juniper_data.generators import registry

        known = registry.available()
        for name in self.generators:
            if name not in known:
                raise CatalogError(_unknown("--generator", name, known))
        for option, value in (("--min-samples", self.min_samples), ("--max-samples", self.max_samples)):
            if value is not None and value < 0:
                raise CatalogError(f"{option} = {value}; allowed: an integer >= 0")
        if self.min_samples is not None and self.max_samples is not None and self.min_samples > self.max_samples:
            raise CatalogError(
                f"--min-samples = {self.min_samples} > --max-samples = {self.max_samples}; allowed: min <= max"
            )
        if self.created_after and self.created_before and self.created_after > self.created_before:
            raise CatalogError(
                f"--created-after = {self.created_after} is after --created-before = {self.created_before}"
            )
        if self.limit is not None and self.limit < 1:
            raise CatalogError(f"--limit = {self.limit}; allowed: an integer >= 1")
        if self.offset < 0:
            raise CatalogError(f"--offset = {self.offset}; allowed: an integer >= 0")
        if self.all_tags and not self.tags:
            raise CatalogError("--all-tags needs at least one --tag")


def _unknown(option: str, value: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{option} = {value!r}: unknown; allowed: {', '.join(known)}{hint}"


def parse_date(option: str, value: str) -> datetime.date:
    """An ISO date (``YYYY-MM-DD``) given to ``option``, or a :class:`CatalogError` naming both."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CatalogError(f"{option} = {value!r}; allowed: an ISO date YYYY-MM-DD") from None


def matches(row: dict[str, Any], filters: Filters, today: datetime.date) -> bool:
    """Whether one catalog row passes ``filters``."""
    if filters.generators and row["generator"] not in filters.generators:
        return False
    if filters.tags:
        have = set(row["tags"])
        if not (set(filters.tags) <= have if filters.all_tags else have & set(filters.tags)):
            return False
    if filters.min_samples is not None and row["n_full"] < filters.min_samples:
        return False
    if filters.max_samples is not None and row["n_full"] > filters.max_samples:
        return False
    if filters.created_after or filters.created_before:
        if row["created"] is None:
            return False
        created = datetime.datetime.fromisoformat(row["created"]).date()
        if filters.created_after and created < filters.created_after:
            return False
        if filters.created_before and created > filters.created_before:
            return False
    return filters.include_expired or not is_expired(row["expires"], today)


def select(rows: list[dict[str, Any]], filters: Filters, today: datetime.date) -> tuple[int, list[dict[str, Any]]]:
    """``(number of matching rows, the requested page of them)``, rows in name order.

    Examples
    --------
    >>> import datetime
    >>> rows = [{"name": n, "generator": "xor", "tags": [], "n_full": 10, "created": None, "expires": None}
    ...         for n in "abc"]
    >>> total, page = select(rows, Filters(limit=1, offset=1), datetime.date(2030, 1, 1))
    >>> total, [r["name"] for r in page]
    (3, ['b'])
    """
    kept = [r for r in sorted(rows, key=lambda r: r["name"]) if matches(r, filters, today)]
    end = None if filters.limit is None else filters.offset + filters.limit
    return len(kept), kept[filters.offset : end]


def stats(rows: list[dict[str, Any]], today: datetime.date) -> dict[str, Any]:
    """Totals, by generator, by tag, samples, rows per split and the expired count (expired rows included).

    Examples
    --------
    >>> import datetime
    >>> rows = [{"name": "a", "generator": "xor", "family": None, "tags": [], "n_full": 10, "n_train": 8,
    ...          "n_test": 2, "expires": None},
    ...         {"name": "b", "generator": "moon", "family": None, "tags": [], "n_full": 10, "n_train": 8,
    ...          "n_val": 1, "n_test": 1, "expires": None}]
    >>> stats(rows, datetime.date(2030, 1, 1))["splits"]
    {'train': 16, 'val': 1, 'test': 3}
    """
    by_generator: dict[str, dict[str, int]] = {}
    for row in rows:
        entry = by_generator.setdefault(row["generator"], {"datasets": 0, "samples": 0})
        entry["datasets"] += 1
        entry["samples"] += row["n_full"]
    tags = Counter(tag for row in rows for tag in row["tags"])
    return {
        "datasets": len(rows),
        "named_datasets": sum(1 for r in rows if not r["family"]),
        "families": len({r["family"] for r in rows if r["family"]}),
        "family_variants": sum(1 for r in rows if r["family"]),
        "samples": sum(r["n_full"] for r in rows),
        "splits": {split: sum(int(r.get(f"n_{split}", 0)) for r in rows) for split in partitions(THREE_WAY)},
        "with_validation": sum(1 for r in rows if r.get("n_val")),
        "expired": sum(1 for r in rows if is_expired(r["expires"], today)),
        "by_generator": dict(sorted(by_generator.items())),
        "by_tag": dict(sorted(tags.items())),
    }
