"""Release pages (what changed since the previous release) and the list of all releases."""

from __future__ import annotations

from typing import Any

from juniper_data.site import model
from juniper_data.site.html import code, esc, href, page, section, table, value_text
from juniper_data.site.releases import ReleaseInfo

ROWS_DEFINITION = (
    "Rows are compared by content in any order: a row is its feature bytes and its class name; "
    "<em>changed</em> means the same features with another class."
)


def _v(value: Any) -> str:
    return "–" if value is None else code(value_text(value))


def _pairs(report: dict[str, Any], fields: list[tuple[str, str]]) -> str:
    rows = []
    for key, label in fields:
        pair = report[key]
        state = '<strong class="changed">changed</strong>' if pair["changed"] else "same"
        rows.append([esc(label), _v(pair["a"]), _v(pair["b"]), state])
    return table(["", "before", "after", ""], rows, caption="Recipe and identity")


def _params(params: dict[str, Any]) -> str:
    rows = [[code(k), _v(v["a"]), _v(v["b"])] for k, v in params["changed"].items()]
    rows += [[code(k), "–", _v(v)] for k, v in params["added"].items()]
    rows += [[code(k), _v(v), "–"] for k, v in params["removed"].items()]
    if not rows:
        return "<p>Parameters: unchanged.</p>"
    return table(["parameter", "before", "after"], rows, caption="Parameters that changed")


def dataset_diff_html(report: dict[str, Any]) -> str:
    """A dataset report of :func:`~juniper_data.catalog.diff.diff_versions` as HTML tables."""
    fields = [
        ("name", "name"),
        ("generator", "generator"),
        ("generator_version", "generator version"),
        ("contract_version", "artifact contract"),
        ("dataset_id", "dataset id"),
    ]
    parts = [_pairs(report, fields), _params(report["params"])]
    if report["recipe_other"]:
        parts.append(
            table(
                ["recipe field", "before", "after"],
                [[code(k), _v(p["a"]), _v(p["b"])] for k, p in report["recipe_other"].items()],
            )
        )
    arrays = report["arrays"]
    changed = {k: v for k, v in arrays.items() if v["status"] != "same"}
    if changed:
        parts.append(
            table(
                ["array", "", "shape before", "shape after", "sha256 before", "sha256 after"],
                [
                    [
                        code(k),
                        esc(v["status"]),
                        _v(v["shape_a"]),
                        _v(v["shape_b"]),
                        f'<code class="hash">{esc(v["hash_a"] or "–")}</code>',
                        f'<code class="hash">{esc(v["hash_b"] or "–")}</code>',
                    ]
                    for k, v in changed.items()
                ],
                caption=f"{len(changed)} of {len(arrays)} arrays differ",
            )
        )
    else:
        parts.append(f"<p>All {len(arrays)} arrays are byte-identical (same sha256).</p>")
    parts.append(
        table(
            ["split", "rows before", "rows after"],
            [[esc(s), _v(p["a"]), _v(p["b"])] for s, p in report["splits"].items()],
            caption="Split sizes",
        )
    )
    moved = [
        [esc(s), code(c), _v(p["a"]), _v(p["b"])]
        for s, classes in report["class_distribution"].items()
        for c, p in classes.items()
        if p["changed"]
    ]
    parts.append(
        table(["split", "class", "before", "after"], moved, caption="Class counts that changed")
        if moved
        else "<p>Class balance: unchanged.</p>"
    )
    rows = report["rows"]
    if rows["compared"]:
        parts.append(
            f"<p>{ROWS_DEFINITION}</p>"
            + table(
                ["split", "identical", "changed", "added", "removed"],
                [
                    [esc(s), str(n["identical"]), str(n["changed"]), str(n["added"]), str(n["removed"])]
                    for s, n in rows["splits"].items()
                ],
                caption="Rows",
            )
        )
    else:
        parts.append(f'<p class="note">Rows not compared: {esc(rows["reason"])}.</p>')
    return "".join(parts)


def diff_html(report: dict[str, Any]) -> str:
    """A dataset or family report as HTML (a family: variants added/removed, then one block per variant)."""
    if "error" in report:
        return f'<p class="note">Cannot compare: {esc(report["error"])}</p>'
    if report["kind"] == "dataset":
        return dataset_diff_html(report)
    variants = report["variants"]
    fields = [
        ("name", "name"),
        ("generator", "generator"),
        ("generator_version", "generator version"),
        ("sweep", "sweep"),
    ]
    parts = [_pairs(report, fields), _params(report["params"])]
    listing = [f"<li>added {code(v)}</li>" for v in variants["added"]]
    listing += [f"<li>removed {code(v)}</li>" for v in variants["removed"]]
    parts.append(
        f"<p>{len(variants['compared'])} variants in both, {len(variants['added'])} added, "
        f"{len(variants['removed'])} removed.</p>" + (f"<ul>{''.join(listing)}</ul>" if listing else "")
    )
    for key, sub in variants["compared"].items():
        state = "same arrays" if sub["same_content"] else "changed"
        parts.append(
            f"<details{'' if sub['same_content'] else ' open'}><summary>{esc(key)}: {state}</summary>"
            f"{dataset_diff_html(sub)}</details>"
        )
    return "".join(parts)


def release_html(
    snapshot: model.Snapshot,
    release: ReleaseInfo,
    previous: ReleaseInfo | None,
    report: dict[str, Any] | None,
    *,
    url: str,
) -> bytes:
    """The page of one release: when, which commit, how to pull it, and what changed since ``previous``."""
    from juniper_data.artifacts.card import pull_commands

    path = model.release_page(release.owner, release.version)
    current = next((f for f in snapshot.families if f.name == release.owner), None)
    target = model.family_page(release.owner) if current else None
    if target is None and snapshot.item(release.owner):
        target = model.dataset_page(release.owner)
    link = (
        f'<a href="{href(path, target)}">{esc(release.owner)}</a>'
        if target
        else f"{code(release.owner)} (no longer in the registry)"
    )
    commands = pull_commands(release.owner, f"{release.owner}.npz", url, release.tag)
    pull = f"<pre><code>{esc(commands['dvc_import'])}</code></pre>"
    if current is None:
        snippet = "from juniper_data import load\n" + commands["load"]
        pull += f"<pre><code>{esc(snippet)}</code></pre>"
    if previous is None:
        changes = "<p>The first release: nothing to compare with.</p>"
        title = "Changes"
    else:
        prev = f'<a href="{href(path, model.release_page(previous.owner, previous.version))}">{esc(previous.tag)}</a>'
        changes = f"<p>From {prev} to {esc(release.tag)}.</p>" + diff_html(report or {"error": "no report"})
        title = f"Changes since {previous.version}"
    body = (
        f"<h1>{esc(release.tag)}</h1>"
        f'<p class="facts"><span>released <time datetime="{esc(release.date)}">{esc(release.day)}</time></span>'
        f"<span>commit {code(release.commit[:12])}</span><span>{link}</span></p>"
        + (f'<p class="lede">{esc(release.subject)}</p>' if release.subject else "")
        + section("changes", title, changes)
        + section("pull", "Pull this release", pull)
    )
    crumbs = [("Releases", model.RELEASES), (release.tag, "")]
    return page(path, release.tag, body, crumbs=crumbs, scripts=["assets/page.js"])


def summary(report: dict[str, Any] | None) -> str:
    """One line for the list of releases."""
    if report is None:
        return "first release"
    if "error" in report:
        return "not comparable"
    if report["kind"] == "family":
        v = report["variants"]
        changed = sum(1 for r in v["compared"].values() if not r["same_content"])
        return f"{changed} variants changed, {len(v['added'])} added, {len(v['removed'])} removed"
    changed = sum(1 for a in report["arrays"].values() if a["status"] != "same")
    return "same arrays" if not changed else f"{changed} arrays changed"


def releases_index(items: list[tuple[ReleaseInfo, ReleaseInfo | None, dict[str, Any] | None]]) -> bytes:
    """``releases/index.html``: every release, newest date first."""
    path = model.RELEASES
    ordered = sorted(items, key=lambda t: (t[0].date, t[0].tag), reverse=True)
    rows = [
        [
            f'<a href="{href(path, model.release_page(r.owner, r.version))}">{esc(r.tag)}</a>',
            f'<time datetime="{esc(r.date)}">{esc(r.day)}</time>',
            esc(p.version if p else "–"),
            esc(summary(rep)),
        ]
        for r, p, rep in ordered
    ]
    body = "<h1>Releases</h1>" + (
        table(["release", "date", "previous", "changes"], rows) if rows else "<p>No release tags yet.</p>"
    )
    return page(path, "Releases", body, crumbs=[("Releases", "")])
