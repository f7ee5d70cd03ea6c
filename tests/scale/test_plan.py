"""Plans of chunked builds: blocks, buckets and shapes follow from the recipe alone."""

from __future__ import annotations

import pytest

from juniper_data.generators import registry
from juniper_data.generators.params import ParameterError
from juniper_data.generators.registry import GeneratorSpec
from juniper_data.scale.plan import DEFAULT_BLOCK_SIZE, plan_build


def test_a_plan_cuts_rows_into_blocks_and_the_kept_rows_into_buckets():
    plan = plan_build("spiral", {"n_points_per_spiral": 50, "train_ratio": 0.5, "test_ratio": 0.3}, block_size=16)
    assert (plan.n_rows, plan.n_train, plan.n_test, plan.n_used) == (100, 50, 30, 80)
    assert (plan.n_blocks, plan.n_buckets) == (7, 5)
    assert plan.block_rows(6) == (96, 100) and plan.bucket_rows(4) == (64, 80)
    assert plan.shape("X_full") == (100, 2) and plan.shape("y_test") == (30, 2)
    assert plan.recipe["chunking"] == {"block_size": 16}


def test_the_default_block_size_is_recorded_in_the_recipe():
    plan = plan_build("xor", {"seed": 1})
    assert plan.block_size == DEFAULT_BLOCK_SIZE == plan.recipe["chunking"]["block_size"]
    assert plan.n_blocks == 1


def test_a_generator_without_a_block_form_is_refused_with_the_in_memory_alternative(scratch_registry):
    spec = registry.get("xor")
    registry.register(
        GeneratorSpec(name="test_no_blocks", version="1.0.0", params=spec.params, generate=spec.generate, summary="x"),
        module=__name__,
    )
    with pytest.raises(ParameterError, match="'test_no_blocks' has no chunked form; build it in memory"):
        plan_build("test_no_blocks", {})


def test_a_sizing_mode_is_refused_for_a_chunked_build_naming_the_in_memory_alternative():
    with pytest.raises(ParameterError, match=r"'sizing_mode' = 'carve' in a chunked build: .*scale\.chunked=false"):
        plan_build("moon", {"sizing_mode": "carve", "seed": 1})
    assert plan_build("moon", {"seed": 1}).n_rows == 200  # no sizing mode: chunked as before
