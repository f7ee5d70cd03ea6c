"""params: the one validation of every generator's typed schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from juniper_data.generators.params import (
    CommonParams,
    Interval,
    ParameterError,
    described,
    hydra_schema,
    interval,
    omitted_at_default,
    one_of,
    params_to_dict,
    resolve_params,
    unknown_parameter_error,
)


@dataclass
class Toy(CommonParams):
    count: int = field(default=3, metadata=interval(1, 5, doc="a count"))
    scale: float = field(default=1.0, metadata=interval(0.0, low_open=True))
    mode: str = field(default="a", metadata=one_of("a", "b"))
    flag: bool = field(default=False, metadata=described("a switch"))
    pair: list[float] = field(default_factory=lambda: [0.0, 1.0])
    label: str = "x"


@pytest.mark.parametrize(
    ("bound", "text", "inside", "outside"),
    [
        (Interval(2, 10), "[2, 10]", [2, 10, 6.5], [1.999, 10.001]),
        (Interval(0, 100, low_open=True), "(0, 100]", [1e-12, 100], [0, 100.5]),
        (Interval(0, 1, low_open=True, high_open=True), "(0, 1)", [0.5, 1e-9], [0, 1]),
        (Interval(0), "[0, inf)", [0, 1e300], [-1e-300]),
        (Interval(None, 3, high_open=True), "(-inf, 3)", [-1e300, 2.999], [3]),
        (Interval(), "(-inf, inf)", [-1e300, 0, 1e300], []),
    ],
)
def test_interval_contains_its_inside_and_states_itself(
    bound: Interval, text: str, inside: list[float], outside: list[float]
) -> None:
    assert str(bound) == text
    assert all(bound.contains(v) for v in inside)
    assert not any(bound.contains(v) for v in outside)


def test_field_metadata_helpers_carry_the_constraint_and_its_doc() -> None:
    assert interval(1, 2, doc="d") == {"interval": Interval(1, 2), "doc": "d"}
    assert one_of("a", "b", doc="d") == {"choices": ("a", "b"), "doc": "d"}
    assert described("d") == {"doc": "d"}


def test_missing_values_take_the_schema_defaults() -> None:
    toy = resolve_params(Toy, "toy", {"seed": 4})
    assert (toy.count, toy.scale, toy.mode, toy.flag, toy.pair, toy.label) == (
        3,
        1.0,
        "a",
        False,
        [0.0, 1.0],
        "x",
    )
    assert (toy.train_ratio, toy.test_ratio, toy.shuffle, toy.seed) == (0.8, 0.2, True, 4)


def test_lossless_conversions_are_applied_and_recorded_in_the_declared_type() -> None:
    toy = resolve_params(Toy, "toy", {"count": 4.0, "scale": 2, "pair": (1, 2), "seed": 0})
    assert toy.count == 4 and type(toy.count) is int
    assert toy.scale == 2.0 and type(toy.scale) is float
    assert toy.pair == [1.0, 2.0] and all(type(v) is float for v in toy.pair)


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("count", 2.5, "an integer"),
        ("count", "3", "an integer"),
        ("count", True, "an integer"),
        ("scale", True, "a number"),
        ("scale", "1", "a number"),
        ("scale", float("inf"), "a finite number"),
        ("scale", None, "a number"),
        ("flag", 1, "true or false"),
        ("label", 3, "a string"),
        ("pair", "0,1", "a list of numbers"),
        ("pair", [0, "one"], "a number"),
        ("mode", "c", "one of a, b"),
        ("count", 6, "[1, 5]"),
        ("scale", 0.0, "(0, inf)"),
    ],
)
def test_bad_values_are_refused_naming_parameter_value_and_what_is_allowed(name: str, value: Any, allowed: str) -> None:
    with pytest.raises(ParameterError) as caught:
        resolve_params(Toy, "toy", {name: value})
    message = str(caught.value)
    assert f"parameter '{name}' = " in message
    assert f"allowed: {allowed}" in message


def test_seed_none_draws_a_fresh_recorded_seed() -> None:
    seeds = {resolve_params(Toy, "toy", {"seed": None}).seed for _ in range(5)}
    assert all(isinstance(s, int) and 0 <= s < 2**32 for s in seeds)
    assert len(seeds) > 1


def test_alias_maps_to_its_canonical_name_and_conflicts_are_refused() -> None:
    aliases = {"n": "count"}
    assert resolve_params(Toy, "toy", {"n": 2}, aliases).count == 2
    assert resolve_params(Toy, "toy", {"n": 2, "count": 2}, aliases).count == 2
    with pytest.raises(ParameterError, match=r"parameter 'count' given twice"):
        resolve_params(Toy, "toy", {"n": 2, "count": 3}, aliases)


def test_unknown_name_error_suggests_close_names_and_lists_the_known_ones() -> None:
    error = unknown_parameter_error("toy", "cont", ["count", "scale", "mode"])
    assert (
        str(error) == "unknown parameter 'cont' for generator 'toy'; did you mean 'count'? (known: count, mode, scale)"
    )
    far = unknown_parameter_error("toy", "zzzz", ["count", "scale"])
    assert "did you mean" not in str(far) and "(known: count, scale)" in str(far)
    with pytest.raises(ParameterError, match="did you mean 'scale'"):
        resolve_params(Toy, "toy", {"scael": 1.0})


@pytest.mark.parametrize(("train", "test"), [(0.7, 0.3), (0.9, 0.1), (0.45, 0.55), (0.001, 0.999), (0.2, 0.2)])
def test_ratio_sums_up_to_one_are_accepted(train: float, test: float) -> None:
    resolve_params(Toy, "toy", {"train_ratio": train, "test_ratio": test})


def test_train_ratio_zero_is_refused_as_by_0_4() -> None:
    with pytest.raises(ParameterError, match=r"parameter 'train_ratio' = 0\.0 is out of range; allowed: \(0, 1\]"):
        resolve_params(Toy, "toy", {"train_ratio": 0.0, "test_ratio": 1.0})


@pytest.mark.parametrize(("train", "test"), [(0.7, 0.31), (1.0, 0.001), (0.5, 0.5000001), (0.5, 0.5000000000000002)])
def test_ratio_sums_above_one_are_refused_with_both_values(train: float, test: float) -> None:
    with pytest.raises(ParameterError, match=rf"train_ratio \+ test_ratio = {train} \+ {test} = .*allowed: a sum <= 1"):
        resolve_params(Toy, "toy", {"train_ratio": train, "test_ratio": test})


def test_params_to_dict_is_plain_json_in_schema_order() -> None:
    toy = resolve_params(Toy, "toy", {"pair": (3, 4), "seed": 9})
    assert params_to_dict(toy) == {
        "seed": 9,
        "train_ratio": 0.8,
        "test_ratio": 0.2,
        "shuffle": True,
        "count": 3,
        "scale": 1.0,
        "mode": "a",
        "flag": False,
        "pair": [3.0, 4.0],
        "label": "x",
    }
    assert list(params_to_dict(toy)) == [
        "seed",
        "train_ratio",
        "test_ratio",
        "shuffle",
        "count",
        "scale",
        "mode",
        "flag",
        "pair",
        "label",
    ]


@dataclass
class Typed(CommonParams):
    names: list[str] | None = None
    widths: float | list[float] = 1.0
    grid: list[list[float]] | None = None
    box: tuple[float, float] = (0.0, 1.0)
    anything: Any = None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("names", "x0", "parameter 'names' = 'x0'; allowed: a list of strings or null"),
        ("names", ["a", 3], "parameter 'names' = ['a', 3]: item [1] = 3; allowed: a string"),
        ("widths", "wide", "parameter 'widths' = 'wide'; allowed: a number or a list of numbers"),
        ("widths", [1.0, float("nan")], "parameter 'widths' = [1.0, nan]: item [1] = nan; allowed: a finite number"),
        ("widths", float("inf"), "parameter 'widths' = inf; allowed: a number or a list of numbers"),
        ("grid", [[0, 0], [float("nan"), 1]], "item [1][0] = nan; allowed: a finite number"),
        ("grid", [0, 1], "parameter 'grid' = [0, 1]: item [0] = 0; allowed: a list of numbers"),
        ("box", [0.0, 1.0, 2.0], "parameter 'box' = [0.0, 1.0, 2.0]; allowed: a list of 2 numbers"),
        ("box", [0.0, "1"], "item [1] = '1'; allowed: a number"),
    ],
)
def test_annotations_are_read_as_types_lists_unions_and_tuples_checked_element_by_element(
    name: str, value: Any, message: str
) -> None:
    with pytest.raises(ParameterError) as caught:
        resolve_params(Typed, "typed", {name: value})
    assert message in str(caught.value)


def test_typed_values_convert_losslessly_and_any_passes_through() -> None:
    typed = resolve_params(Typed, "typed", {"widths": [1, 2], "grid": [[1, 2]], "box": [3, 4], "anything": {"k": 1}})
    assert typed.widths == [1.0, 2.0] and typed.grid == [[1.0, 2.0]] and typed.box == (3.0, 4.0)
    assert typed.anything == {"k": 1}
    assert params_to_dict(typed)["box"] == [3.0, 4.0]
    assert resolve_params(Typed, "typed", {"widths": 3}).widths == 3.0


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("count", 10**5000, "an integer of at most 64 bits"),
        ("seed", 2**63, "an integer of at most 64 bits"),
        ("scale", 10**5000, "a finite number"),
        ("pair", [0, 10**5000], "a finite number"),
    ],
    ids=["int-5001-digits", "seed-2**63", "float-5001-digits", "list-item-5001-digits"],
)
def test_huge_integers_are_refused_with_a_short_message(name: str, value: Any, allowed: str) -> None:
    with pytest.raises(ParameterError) as caught:
        resolve_params(Toy, "toy", {name: value})
    message = str(caught.value)
    assert f"parameter '{name}' = " in message and f"allowed: {allowed}" in message
    assert len(message) < 300


@dataclass
class Grown(CommonParams):
    """A schema that gained fields after recipes were recorded."""

    count: int = 3
    fit: str = field(default="all", metadata=omitted_at_default(one_of("all", "train")))
    extra: list[float] = field(default_factory=lambda: [1.0], metadata=omitted_at_default(described("")))


def test_a_field_omitted_at_default_stays_out_of_the_recipe_until_set() -> None:
    at_default = resolve_params(Grown, "grown", {"seed": 1, "fit": "all", "extra": [1]})
    assert params_to_dict(at_default) == {
        "seed": 1, "train_ratio": 0.8, "test_ratio": 0.2, "shuffle": True, "count": 3
    }  # fmt: skip
    changed = params_to_dict(resolve_params(Grown, "grown", {"seed": 1, "fit": "train", "extra": [2]}))
    assert changed["fit"] == "train" and changed["extra"] == [2.0] and list(changed)[-2:] == ["fit", "extra"]
    assert resolve_params(Grown, "grown", params_to_dict(at_default)) == at_default  # a recorded recipe resolves back
    with pytest.raises(ParameterError, match="parameter 'fit' = 'some'; allowed: one of all, train"):
        resolve_params(Grown, "grown", {"fit": "some"})


def test_an_old_recipe_keeps_its_dataset_id_when_a_field_is_added_omitted_at_default() -> None:
    from juniper_data.recipe import dataset_id, make_recipe

    old = {"seed": 1, "train_ratio": 0.8, "test_ratio": 0.2, "shuffle": True, "count": 3}
    new = params_to_dict(resolve_params(Grown, "grown", old))
    assert dataset_id(make_recipe("grown", "1.0.0", new)) == dataset_id(make_recipe("grown", "1.0.0", old))


@dataclass
class FirstWithoutSeed(CommonParams):
    pick: str = field(default="seeded", metadata=omitted_at_default(one_of("seeded", "first")))

    @classmethod
    def unseeded(cls, resolved: dict[str, Any], given: Any) -> None:
        if "pick" not in given:
            resolved["pick"] = "first"


def test_the_unseeded_hook_sees_a_recipe_without_seed_before_one_is_drawn() -> None:
    assert resolve_params(FirstWithoutSeed, "f", {}).pick == "first"
    assert resolve_params(FirstWithoutSeed, "f", {"seed": None}).pick == "first"
    assert resolve_params(FirstWithoutSeed, "f", {"seed": 3}).pick == "seeded"
    assert resolve_params(FirstWithoutSeed, "f", {"pick": "seeded"}).pick == "seeded"


def test_hydra_schema_declares_unions_of_containers_any_and_keeps_the_rest_typed() -> None:
    from omegaconf import OmegaConf

    with pytest.raises(Exception, match="Unions of containers are not supported"):
        OmegaConf.structured(Typed)
    loose = hydra_schema(Typed)
    assert loose is hydra_schema(Typed) and issubclass(loose, Typed)
    node = OmegaConf.merge(OmegaConf.structured(loose), {"widths": [1.0, 2.0], "names": ["a"]})
    assert OmegaConf.to_container(node)["widths"] == [1.0, 2.0]
    with pytest.raises(Exception, match="names"):
        OmegaConf.merge(OmegaConf.structured(loose), {"names": "a"})  # the other fields stay typed
    assert hydra_schema(Toy) is Toy
