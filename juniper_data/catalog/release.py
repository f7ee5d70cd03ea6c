"""``juniper-data release NAME vX.Y.Z``: tag a committed, built and pushed dataset as a release.

A release is the annotated git tag ``NAME@vX.Y.Z`` on ``HEAD`` (the convention of
DVC ``artifacts`` and GTO), so ``load("NAME@vX.Y.Z")``, ``dvc import --rev NAME@vX.Y.Z``
and ``dvc artifacts get <repo> NAME --rev vX.Y.Z`` all read the same commit.
Before tagging it checks, at ``HEAD``:

* NAME is a dataset or family of the registry (``params/``) and a valid artifact name;
* ``dvc.yaml`` declares ``artifacts: NAME: {path: data/NAME}``;
* ``dvc.lock`` records its build (``dvc repro`` ran and was committed);
* nothing of the registry's files (``juniper_data.layout.TRACKED``) is uncommitted;
* the version is new and higher than every earlier release of NAME;
* the DVC remote holds the data (unless ``check_pushed=False``), so consumers can pull it.
"""

from __future__ import annotations

from pathlib import Path

from juniper_data.adapters import git
from juniper_data.catalog.view import CatalogError, unknown_name
from juniper_data.layout import TRACKED, data_path
from juniper_data.pipeline.dvcyaml import ARTIFACT_NAME_RE, artifact_declared


def release(root: Path, name: str, version: str, *, check_pushed: bool = True, message: str | None = None) -> str:
    """Create the release tag ``name@version`` on ``HEAD`` after the checks above; returns the tag."""
    from juniper_data.adapters.dvc import locked_outputs

    registry = git.local_registry(root)
    if git.parse_version(version) is None:
        raise CatalogError(f"version {version!r}: allowed: vMAJOR.MINOR.PATCH[-pre], e.g. v1.0.0")
    head = git.resolve_commit(registry, "HEAD")
    from juniper_data.catalog.view import RegistryView

    params = RegistryView(registry, head).params()
    groups = {**params["datasets"], **params["families"]}
    if name not in groups:
        raise unknown_name(name, sorted(groups), f"the registry at HEAD ({head[:12]})")
    if not ARTIFACT_NAME_RE.match(name):
        raise CatalogError(
            f"{name!r} cannot be released: DVC artifact names allow letters, digits, '_', '-', '/' only "
            "(rename the recipe)"
        )
    if not artifact_declared(git.show_file(registry, head, "dvc.yaml"), name):
        raise CatalogError(
            f"dvc.yaml at HEAD has no `artifacts: {name}: {{path: data/{name}}}` entry; run "
            "`juniper-data compose`, commit dvc.yaml, then release"
        )
    if data_path(name) not in locked_outputs(root, head):
        raise CatalogError(f"dvc.lock at HEAD has no build of data/{name}; run `dvc repro`, commit, then release")
    dirty = git.uncommitted(root, list(TRACKED))
    if dirty:
        raise CatalogError(f"uncommitted changes a release would not include; commit them first:\n{dirty}")
    tag = git.release_tag(name, version)
    existing = git.releases(registry, name)
    if any(r.tag == tag for r in existing):
        raise CatalogError(f"release {tag} already exists (releases are immutable); choose a higher version")
    if existing and existing[-1].key > git.parse_version(version):
        raise CatalogError(f"{version} is lower than the latest release {existing[-1].tag}; versions only go up")
    if check_pushed:
        from juniper_data.storage.sync import RemoteError, cloud_status

        try:
            status = cloud_status(root, targets=[data_path(name)])
        except RemoteError as error:
            raise CatalogError(f"{error}; pass --skip-push-check to release anyway") from None
        missing = sorted(path for path, state in status.items() if state != "deleted")
        if missing:
            raise CatalogError(
                f"the DVC remote lacks {len(missing)} file(s) of data/{name} (e.g. {missing[0]}); "
                f"run `dvc push` first, so consumers can pull this release"
            )
    text = message or f"Release {name} {version}"
    git.create_tag(root, tag, head, text)
    return tag
