"""Filters, paging and stats over catalog rows; bad filters name option, value and what is allowed."""

from __future__ import annotations

import datetime

import pytest

from juniper_data.catalog.query import Filters, parse_date, select, stats
from juniper_data.catalog.view import CatalogError, is_expired

TODAY = datetime.date(2030, 6, 15)


def row(name, generator="xor", tags=(), n=100, created="2030-06-01T10:00:00+00:00", expires=None, family=None):
    return {"name": name, "generator": generator, "tags": list(tags), "n_full": n, "created": created,
            "expires": expires, "family": family}  # fmt: skip


ROWS = [
    row("a", tags=["x", "y"], n=10),
    row("b", "spiral", tags=["y"], n=50, created="2030-05-01T00:00:00+00:00"),
    row("c", tags=["x"], n=500, expires="2030-06-14"),
    row("f/1", "gaussian", n=20, family="f", created=None),
    row("f/2", "gaussian", tags=["x"], n=30, family="f", expires="2030-06-15"),
]


def kept(**filters) -> list[str]:
    return [r["name"] for r in select(ROWS, Filters(**filters), TODAY)[1]]


def test_expired_means_before_today_and_is_hidden_by_default():
    assert is_expired("2030-06-14", TODAY) and not is_expired("2030-06-15", TODAY) and not is_expired(None, TODAY)
    assert kept() == ["a", "b", "f/1", "f/2"]
    assert kept(include_expired=True) == ["a", "b", "c", "f/1", "f/2"]


def test_tags_match_any_by_default_and_all_on_request():
    assert kept(tags=["x", "y"]) == ["a", "b", "f/2"]
    assert kept(tags=["x", "y"], all_tags=True) == ["a"]


def test_generators_samples_and_created_bounds_are_inclusive():
    assert kept(generators=["gaussian", "spiral"]) == ["b", "f/1", "f/2"]
    assert kept(min_samples=20, max_samples=50) == ["b", "f/1", "f/2"]
    # f/1 has no committed recipe: it never matches a created filter.
    assert kept(created_after=datetime.date(2030, 6, 1)) == ["a", "f/2"]
    assert kept(created_before=datetime.date(2030, 5, 1)) == ["b"]


def test_paging_counts_every_match_and_slices_in_name_order():
    total, page = select(ROWS, Filters(limit=2, offset=1, include_expired=True), TODAY)
    assert total == 5 and [r["name"] for r in page] == ["b", "c"]
    assert select(ROWS, Filters(offset=10), TODAY) == (4, [])


@pytest.mark.parametrize(
    ("filters", "needle"),
    [
        ({"generators": ["xro"]}, "--generator = 'xro': unknown; allowed: .*xor.*did you mean 'xor'"),
        ({"min_samples": -1}, "--min-samples = -1"),
        ({"min_samples": 5, "max_samples": 4}, "min <= max"),
        ({"limit": 0}, "--limit = 0"),
        ({"offset": -2}, "--offset = -2"),
        ({"all_tags": True}, "--all-tags needs"),
        ({"created_after": datetime.date(2030, 2, 1), "created_before": datetime.date(2030, 1, 1)}, "is after"),
    ],
)
def test_bad_filters_are_errors_naming_the_option(filters, needle):
    with pytest.raises(CatalogError, match=needle):
        Filters(**filters)


def test_parse_date_names_option_and_value():
    assert parse_date("--created-after", "2030-01-02") == datetime.date(2030, 1, 2)
    with pytest.raises(CatalogError, match="--created-before = '2030/01/02'; allowed: an ISO date"):
        parse_date("--created-before", "2030/01/02")


def test_stats_totals_by_generator_tag_and_expired():
    result = stats(ROWS, TODAY)
    assert result["datasets"] == 5 and result["named_datasets"] == 3
    assert result["families"] == 1 and result["family_variants"] == 2
    assert result["samples"] == 610 and result["expired"] == 1
    assert result["by_generator"]["gaussian"] == {"datasets": 2, "samples": 50}
    assert result["by_tag"] == {"x": 3, "y": 2}
