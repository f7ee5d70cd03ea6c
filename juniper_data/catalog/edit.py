"""Edit a registry checkout's recipes: add, tag, remove, prune, and recompose.

Every edit validates first, then changes files inside a :class:`Transaction`
that ends by recomposing the registry (``params.yaml``, the build keys in
``params/``, ``dvc.yaml``: the pipeline's compose step); any failure on the
way restores every file it touched. Data is then (re)built by ``dvc repro``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from juniper_data.catalog.transaction import Transaction
from juniper_data.catalog.view import CatalogError, is_expired, unknown_name
from juniper_data.layout import Layout, recipe_path

TAG_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:")


def _existing_recipe(root: Path, name: str) -> Path:
    lay = Layout(root)
    path = lay.find_recipe(name)
    if path is not None:
        return path
    if "/" in name and lay.find_recipe(name.split("/", 1)[0]) is not None:
        family = name.split("/", 1)[0]
        where = recipe_path(family, "families")
        raise CatalogError(f"{name!r} is a variant of family {family!r}; edit the family ({where})")
    raise unknown_name(name, lay.recipe_names(), f"{lay.conf}")


def recompose(root: Path, tx: Transaction) -> dict[str, Any]:
    """Compose ``conf/`` into the registry's generated files (params.yaml, params/, dvc.yaml), inside ``tx``.

    Returns the composed registry; the entries of recipes compose took over unchanged are
    stand-ins (:class:`~juniper_data.pipeline.compose.ReusedEntry`): count them, do not read them.
    """
    from juniper_data.pipeline.compose import ComposeCache, compose_registry, outputs, write_registry
    from juniper_data.pipeline.recipes import RecipeError

    lay = Layout(root)
    cache = ComposeCache(lay.root)  # unchanged recipes are not resolved again (a record checked against files)
    try:
        params = compose_registry(lay.conf, cache=cache)
        files = outputs(params, cache)
    except RecipeError as error:
        raise CatalogError(str(error)) from None
    except Exception as error:  # e.g. a hand-edited recipe that is not valid YAML
        raise CatalogError(f"composing {lay.conf} failed: {' '.join(str(error).split())}") from None
    write_registry(root, files, tx=tx, unchanged=cache.reused)
    cache.save()
    return params


def compose(root: Path) -> dict[str, Any]:
    """Recompose after hand edits of ``conf/``: params.yaml, the build keys and dvc.yaml."""
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

    source = recipe_path(name, "datasets")
    existing = Layout(root).find_recipe(name)
    if existing is not None:
        raise CatalogError(f"{name!r} already exists ({existing}); edit it or remove it first")
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

    Only the recipe's ``tags:`` entry is rewritten (a round-trip YAML edit with
    ``ruamel.yaml``): its comments, key order and other keys stay as written.
    """
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq

    if not add and not remove:
        raise CatalogError("nothing to do: give --add TAG and/or --remove TAG")
    path = _existing_recipe(root, name)
    editor = YAML()  # round-trip
    editor.preserve_quotes = True
    document = editor.load(path.read_text())
    if document is None or not hasattr(document, "get"):
        raise CatalogError(f"{path}: not a recipe mapping; fix it by hand first")
    current = [str(t) for t in (document.get("tags") or [])]
    missing = [t for t in remove if t not in current]
    if missing:
        raise CatalogError(f"--remove {missing[0]!r}: {name} has no such tag; its tags: {current or 'none'}")
    new = check_tags([t for t in current if t not in remove] + list(add))
    tags = CommentedSeq(new)
    tags.fa.set_flow_style()
    document["tags"] = tags
    buffer = io.StringIO()
    editor.dump(document, buffer)
    body = buffer.getvalue()
    with Transaction() as tx:
        tx.write(path, body.encode())
        recompose(root, tx)
    return new


def remove(root: Path, names: list[str]) -> None:
    """Remove recipes and their data, catalog entries and metrics from the checkout's head; recompose.

    Older commits and release tags keep them: ``load("name@vX.Y.Z")`` still works.
    Only what the registry wrote is removed: a data folder that is not a dataset
    folder of this project stops the removal with an error.
    """
    from juniper_data.artifacts.writer import written_by_us

    lay = Layout(root)
    paths = [_existing_recipe(root, name) for name in names]
    for name in names:
        folder = lay.data(name)
        if folder.exists() and not (folder.is_dir() and not folder.is_symlink() and written_by_us(folder)):
            raise CatalogError(f"{folder} is not a dataset folder juniper-data wrote; not removing it")
    with Transaction() as active:
        for name, path in zip(names, paths, strict=True):
            active.delete(path)
            active.remove_tree(lay.data(name))
            for extra in (lay.catalog_entry(name), lay.metrics(name), lay.timings(name)):
                active.delete(extra)
        recompose(root, active)  # also drops their stale dvc.lock entries


def expired(root: Path, on: datetime.date) -> list[str]:
    """Dataset and family names of the checkout's registry whose expiry date has passed."""
    from juniper_data.adapters.git import local_registry
    from juniper_data.catalog.view import RegistryView

    params = RegistryView(local_registry(root), None).params()
    groups = {**(params.get("datasets") or {}), **(params.get("families") or {})}
    return sorted(name for name, entry in groups.items() if is_expired(entry.get("expires"), on))


def prune(root: Path, on: datetime.date, *, dry_run: bool = False) -> list[str]:
    """Remove every expired recipe and its data from the head; returns the names."""
    names = expired(root, on)
    if names and not dry_run:
        remove(root, names)
    return names
