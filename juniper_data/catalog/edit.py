"""Edit a registry checkout's recipes: add, tag, remove, prune, and recompose.

Every edit validates first, then changes files inside a :class:`Transaction`
that ends by recomposing ``params.yaml`` (the pipeline's compose step) and
regenerating ``dvc.yaml``'s ``artifacts:``/``plots:``; any failure on the way
restores every file it touched. Data is then (re)built by ``dvc repro``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from juniper_data.catalog.transaction import Transaction
from juniper_data.catalog.view import CatalogError, is_expired, unknown_name

TAG_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:")


def recipe_path(root: Path, name: str) -> Path | None:
    """``conf/datasets/<name>.yaml`` or ``conf/families/<name>.yaml``, whichever exists."""
    for group in ("datasets", "families"):
        path = root / "conf" / group / f"{name}.yaml"
        if path.is_file():
            return path
    return None


def recipe_names(root: Path) -> list[str]:
    return sorted(p.stem for group in ("datasets", "families") for p in (root / "conf" / group).glob("*.yaml"))


def _existing_recipe(root: Path, name: str) -> Path:
    path = recipe_path(root, name)
    if path is not None:
        return path
    if "/" in name and recipe_path(root, name.split("/", 1)[0]) is not None:
        family = name.split("/", 1)[0]
        raise CatalogError(f"{name!r} is a variant of family {family!r}; edit the family (conf/families/{family}.yaml)")
    raise unknown_name(name, recipe_names(root), f"{root / 'conf'}")


def recompose(root: Path, tx: Transaction) -> dict[str, Any]:
    """Compose ``conf/`` into ``params.yaml`` and sync ``dvc.yaml``'s generated sections, inside ``tx``."""
    from juniper_data.catalog.dvcyaml import render_sections
    from juniper_data.pipeline.compose import PARAMS_FILE, compose_registry, render
    from juniper_data.pipeline.recipes import RecipeError

    try:
        params = compose_registry(root / "conf")
    except RecipeError as error:
        raise CatalogError(str(error)) from None
    except Exception as error:  # e.g. a hand-edited recipe that is not valid YAML
        raise CatalogError(f"composing {root / 'conf'} failed: {' '.join(str(error).split())}") from None
    tx.write(root / PARAMS_FILE, render(params).encode())
    dvc_yaml = root / "dvc.yaml"
    if dvc_yaml.is_file():
        tx.write(dvc_yaml, render_sections(dvc_yaml.read_text(), params).encode())
    return params


def compose(root: Path) -> dict[str, Any]:
    """Recompose after hand edits of ``conf/``: ``params.yaml`` and ``dvc.yaml``'s generated sections."""
    with Transaction() as tx:
        return recompose(root, tx)


def parse_assignments(assignments: list[str]) -> tuple[str, dict[str, Any]]:
    """``["generator=xor", "noise=0.1"]`` -> ``("xor", {"noise": 0.1})``; values are YAML scalars/lists.

    Examples
    --------
    >>> parse_assignments(["generator=spiral", "n_spirals=3", "origin=[0, 1]", "clockwise=false"])
    ('spiral', {'n_spirals': 3, 'origin': [0, 1], 'clockwise': False})
    """
    import yaml

    generator, params = None, {}
    for item in assignments:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise CatalogError(f"{item!r}: expected key=value (e.g. generator=xor noise=0.1)")
        try:
            value = yaml.safe_load(raw) if raw else ""
        except yaml.YAMLError:
            value = raw
        if key == "generator":
            generator = str(value)
        elif key in params:
            raise CatalogError(f"{key!r} is given twice")
        else:
            params[key] = value
    if generator is None:
        raise CatalogError("no generator=NAME given; e.g. juniper-data add my_xor generator=xor seed=1")
    return generator, params


def check_tags(tags: list[str]) -> list[str]:
    for tag in tags:
        if not tag or not set(tag) <= TAG_CHARS:
            raise CatalogError(f"--tag {tag!r}: not allowed; use letters, digits and _ - . :")
    return sorted(set(tags))


def add(
    root: Path,
    name: str,
    assignments: list[str],
    *,
    tags: Sequence[str] = (),
    expires: str | None = None,
    description: str = "",
) -> Path:
    """Write ``conf/datasets/<name>.yaml`` from ``generator=... key=value`` and recompose.

    The recipe is validated through the generator registry (types, bounds,
    pinned seed) before anything is written.

    Returns
    -------
    Path
        The recipe file.
    """
    import yaml

    from juniper_data.pipeline.recipes import RecipeError, check_expires, check_name, resolve_generator_params

    source = f"conf/datasets/{name}.yaml"
    if recipe_path(root, name) is not None:
        raise CatalogError(f"{name!r} already exists ({recipe_path(root, name)}); edit it or remove it first")
    generator, params = parse_assignments(assignments)
    try:
        check_name(name, source)
        resolve_generator_params(generator, params, source)
        expires = check_expires(expires, source)
    except RecipeError as error:
        raise CatalogError(str(error)) from None
    recipe: dict[str, Any] = {"generator": generator, "params": params, "tags": check_tags(list(tags))}
    if expires:
        recipe["expires"] = expires
    if description:
        recipe["description"] = description
    text = "# Added by `juniper-data add`.\n" + yaml.safe_dump(recipe, sort_keys=False, default_flow_style=None)
    path = root / source
    with Transaction() as tx:
        tx.write(path, text.encode())
        recompose(root, tx)
    return path


def set_tags(root: Path, name: str, *, add: Sequence[str] = (), remove: Sequence[str] = ()) -> list[str]:
    """Add and remove tags of a dataset or family recipe; returns the new tags.

    Only the recipe's ``tags:`` entry is rewritten; its comments and other keys stay as written.
    """
    import yaml

    from juniper_data.catalog.dvcyaml import split_top_level

    if not add and not remove:
        raise CatalogError("nothing to do: give --add TAG and/or --remove TAG")
    path = _existing_recipe(root, name)
    text = path.read_text()
    current = list((yaml.safe_load(text) or {}).get("tags") or [])
    missing = [t for t in remove if t not in current]
    if missing:
        raise CatalogError(f"--remove {missing[0]!r}: {name} has no such tag; its tags: {current or 'none'}")
    new = check_tags([t for t in current if t not in remove] + list(add))
    line = f"tags: [{', '.join(new)}]\n"
    chunks = split_top_level(text)
    if any(key == "tags" for key, _ in chunks):
        body = "".join(line if key == "tags" else block for key, block in chunks)
    else:
        body = text.rstrip("\n") + "\n" + line
    with Transaction() as tx:
        tx.write(path, body.encode())
        recompose(root, tx)
    return new


def remove(root: Path, names: list[str]) -> None:
    """Remove recipes and their data, catalog entries and metrics from the checkout's head; recompose.

    Older commits and release tags keep them: ``load("name@vX.Y.Z")`` still works.
    """
    paths = [_existing_recipe(root, name) for name in names]
    with Transaction() as active:
        for name, path in zip(names, paths, strict=True):
            active.delete(path)
            active.remove_tree(root / "data" / name)
            for extra in (root / "catalog" / f"{name}.json", root / "metrics" / f"{name}.json"):
                active.delete(extra)
        recompose(root, active)
        _drop_lock_entries(root, names, active)


def _drop_lock_entries(root: Path, names: list[str], tx: Transaction) -> None:
    # DVC keeps lock entries of stages that no longer exist; drop them so dvc.lock describes the head.
    from juniper_data.adapters.dvc import drop_lock_stages

    lock = root / "dvc.lock"
    if lock.is_file():
        tx.write(lock, lock.read_bytes())  # remember the bytes before DVC rewrites them
        drop_lock_stages(lock, [f"{kind}@{name}" for name in names for kind in ("dataset", "family")])


def expired(root: Path, on: datetime.date) -> list[str]:
    """Dataset and family names of the checkout's ``params.yaml`` whose expiry date has passed."""
    import yaml

    params = yaml.safe_load((root / "params.yaml").read_text()) or {}
    groups = {**(params.get("datasets") or {}), **(params.get("families") or {})}
    return sorted(name for name, entry in groups.items() if is_expired(entry.get("expires"), on))


def prune(root: Path, on: datetime.date, *, dry_run: bool = False) -> list[str]:
    """Remove every expired recipe and its data from the head; returns the names."""
    names = expired(root, on)
    if names and not dry_run:
        remove(root, names)
    return names
