"""Names that become paths: one rule for datasets and families, safe folders for variants."""

from __future__ import annotations

import pytest

from juniper_data.names import InvalidNameError, check_dataset_ref, check_name, variant_label

BAD = [".", "..", ".git", "../x", "/abs", "a/b", "a\\b", "", "Upper", "has space", "-lead", "_lead", "con", "nul",
       "com1", "x" * 101, "a.b", "caf\u00e9", "tab\t", "new\nline"]  # fmt: skip


@pytest.mark.parametrize("name", BAD)
def test_a_name_that_is_not_one_safe_path_component_is_refused(name):
    with pytest.raises(InvalidNameError, match="dataset name"):
        check_name(name)


@pytest.mark.parametrize("name", ["xor_default", "a", "0", "spiral-grid", "x" * 100, "v1_2-3"])
def test_plain_lower_case_names_are_allowed(name):
    assert check_name(name) == name


def test_non_string_names_are_refused():
    with pytest.raises(InvalidNameError):
        check_name(None)
    with pytest.raises(InvalidNameError):
        check_name(3)


def test_a_consumer_reference_may_name_a_family_variant_but_never_escape_it():
    assert check_dataset_ref("grid/n_spirals=2,noise=0.1") == "grid/n_spirals=2,noise=0.1"
    for ref in ("grid/..", "grid/.", "../grid/x", "grid/a/b", "grid/.hidden", "Grid/x"):
        with pytest.raises(InvalidNameError):
            check_dataset_ref(ref)


def test_variant_labels_encode_separators_and_percent_so_the_mapping_is_reversible():
    from urllib.parse import unquote

    values = {"label_column": "a/b%c", "origin": [0.0, 1.5], "flag": False}
    label = variant_label(values)
    assert label == "label_column=a%2Fb%25c,origin=[0.0,1.5],flag=false"
    assert unquote(label.split(",")[0].split("=", 1)[1]) == "a/b%c"
