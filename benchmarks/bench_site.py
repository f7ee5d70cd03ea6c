"""The static site at scale: build time, index page size, and load + filter time in headless Chromium.

Usage:
    python benchmarks/bench_site.py REGISTRY [--repeats N]      # a built registry checkout (e.g. .)
    python benchmarks/bench_site.py --synthetic 1000 [--keep DIR]  # make N small real datasets first

Prints medians of ``--repeats`` runs of:

* ``juniper-data site`` (the build, in this process);
* what the index needs before it can list anything: ``index.html``, ``catalog.js``,
  ``assets/index.js``, ``assets/site.css`` (raw and gzip -6, as a static host sends it);
* a cold load of the index (a new browser tab on ``file://``) until its first render
  (the ``jd-index-rendered`` performance mark) and until the load event;
* filtering: a search term, a tag, a sort: the script's own time (filter, sort, rows
  rebuilt) and the time to the second animation frame after the event (layout and paint
  included; two frames are ~33 ms at 60 Hz whatever the page does).

The browser is Debian's chromium through chromedriver (``tests/site/browser.py``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

INDEX_FILES = ("index.html", "catalog.js", "assets/index.js", "assets/site.css")
#: (what, script run in the page; it calls done(ms) after the change is painted)
ACTIONS = [
    (
        "search 'spiral'",
        "var q=document.getElementById('q'); q.value='spiral';q.dispatchEvent(new Event('input',{bubbles:true}));",
    ),
    (
        "search clear",
        "var q=document.getElementById('q'); q.value='';q.dispatchEvent(new Event('input',{bubbles:true}));",
    ),
    (
        "tag filter",
        "var s=document.getElementById('f-tag'); s.selectedIndex=1;"
        "s.dispatchEvent(new Event('change',{bubbles:true}));",
    ),
    (
        "tag clear",
        "var s=document.getElementById('f-tag'); s.selectedIndex=0;"
        "s.dispatchEvent(new Event('change',{bubbles:true}));",
    ),
    ("sort by rows", "document.querySelector('button[data-sort=rows]').click();"),
]
#: Calls done([script ms, painted ms]): the synchronous filter + sort + DOM update, then up to the second frame.
TIMED = (
    "var done=arguments[arguments.length-1]; var t0=performance.now(); {action} var t1=performance.now();"
    "requestAnimationFrame(function(){{requestAnimationFrame(function(){{done([t1-t0, performance.now()-t0]);}});}});"
)


def median(values: list[float]) -> float:
    return statistics.median(values)


def build(registry: Path, out: Path, repeats: int) -> list[float]:
    from juniper_data.catalog.view import open_view
    from juniper_data.site import build_site

    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        summary = build_site(open_view(str(registry)), out, releases=True, row_diff=False)
        times.append(time.perf_counter() - start)
    print(
        f"site: {summary['datasets']} dataset pages, {summary['families']} families, {summary['releases']} "
        f"releases, {summary['files']} files, {summary['bytes'] / 1e6:.1f} MB"
    )
    return times


def sizes(out: Path) -> None:
    raw = {name: (out / name).read_bytes() for name in INDEX_FILES}
    total = sum(len(b) for b in raw.values())
    packed = sum(len(zlib.compress(b, 6)) for b in raw.values())
    print(
        f"index page: {total / 1024:.1f} KiB ({packed / 1024:.1f} KiB gzip), of which catalog.js "
        f"{len(raw['catalog.js']) / 1024:.1f} KiB ({len(zlib.compress(raw['catalog.js'], 6)) / 1024:.1f} KiB gzip)"
    )


def browse(out: Path, repeats: int) -> None:
    from selenium.webdriver.common.by import By

    from tests.site.browser import chromium, wait_for

    url = (out / "index.html").as_uri()
    loads: dict[str, list[float]] = {"first render": [], "load event": [], "wall (driver.get to list)": []}
    acts: dict[str, list[float]] = {f"{name} ({part})": [] for name, _ in ACTIONS for part in ("script", "painted")}
    with chromium(1280, 1000) as driver:
        for _ in range(repeats):
            driver.get("about:blank")
            start = time.perf_counter()
            driver.get(url)
            wait_for(lambda: driver.execute_script("return performance.getEntriesByName('jd-index-rendered').length"))
            loads["wall (driver.get to list)"].append(1000 * (time.perf_counter() - start))
            marks = driver.execute_script(
                "var n=performance.getEntriesByType('navigation')[0];"
                "return [performance.getEntriesByName('jd-index-rendered')[0].startTime, n.loadEventEnd];"
            )
            loads["first render"].append(marks[0])
            loads["load event"].append(marks[1])
            assert driver.find_element(By.CSS_SELECTOR, "#rows tr[data-i]")
            for name, action in ACTIONS:
                script, painted = driver.execute_async_script(TIMED.format(action=action))
                acts[f"{name} (script)"].append(script)
                acts[f"{name} (painted)"].append(painted)
    for name, values in {**loads, **acts}.items():
        print(f"  {name:<30} median {median(values):7.1f} ms   (min {min(values):.1f}, max {max(values):.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("registry", nargs="?", type=Path, help="a built registry checkout")
    parser.add_argument("--synthetic", type=int, metavar="N", help="make a registry of N small datasets first")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="where to make (or reuse) the synthetic registry")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--build-repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        registry = args.registry
        if args.synthetic:
            from tests.site.synthetic import make_registry

            registry = args.keep or Path(tmp) / f"registry-{args.synthetic}"
            if not (registry / "catalog").is_dir():
                start = time.perf_counter()
                make_registry(registry, args.synthetic)
                print(f"made {args.synthetic} datasets in {time.perf_counter() - start:.0f} s at {registry}")
        if registry is None:
            parser.error("give a REGISTRY path or --synthetic N")
        out = Path(tmp) / "site"
        times = build(registry.resolve(), out, args.build_repeats)
        print(f"build: median {median(times):.2f} s of {len(times)}")
        sizes(out)
        print(f"browser, {args.repeats} cold loads:")
        browse(out, args.repeats)


if __name__ == "__main__":
    main()
