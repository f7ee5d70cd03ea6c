"""The site in headless Chromium: the index lists, searches, filters and sorts; pages show plots, hashes, grids."""

from __future__ import annotations

import datetime
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from juniper_data.catalog.view import open_view
from juniper_data.site import build_site
from tests.site.browser import console_errors, wait_for
from tests.site.conftest import screenshot
from tests.site.pages import listing
from tests.site.registry import VARIANTS
from tests.site.synthetic import make_registry
from tests.site.test_build import newer_contract_copy

TODAY = datetime.datetime.now(datetime.UTC).date().isoformat()


def open_index(browser: Any, site: Path, fragment: str = "") -> None:
    browser.get((site / "index.html").as_uri() + fragment)
    wait_for(lambda: browser.find_element(By.ID, "count").text.endswith(tuple("0123456789")), what="the index")


def shown(browser: Any) -> list[str]:
    return browser.execute_script(
        "return [...document.querySelectorAll('#rows tr[data-i] td.c-name a')].map(a => a.textContent)"
    )


def after(browser: Any, action: Any) -> list[str]:
    """Do ``action`` and return the names listed once the count line has changed."""
    before = browser.find_element(By.ID, "count").text
    action()
    wait_for(lambda: browser.find_element(By.ID, "count").text != before, what="the list to update")
    return shown(browser)


def retype(browser: Any, text: str) -> list[str]:
    """Replace the search box's text by typing (so the page sees input events)."""
    box = browser.find_element(By.ID, "q")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    box.send_keys(text)
    query = text.strip().lower()
    wait_for(lambda: browser.find_element(By.ID, "list").get_attribute("data-query") == query, what="the search")
    return shown(browser)


def choose(browser: Any, ident: str, value: str) -> list[str]:
    return after(browser, lambda: Select(browser.find_element(By.ID, ident)).select_by_value(value))


def clear(browser: Any) -> None:
    browser.find_element(By.ID, "reset").click()
    wait_for(lambda: len(shown(browser)) == len(browser.execute_script("return window.JD_CATALOG.items")))


def test_index_lists_every_dataset_and_family_with_thumbnails(browser, site, edited):
    open_index(browser, site)
    expected = {item["name"] for item in listing(edited.work)}
    assert sorted(shown(browser)) == sorted(expected)
    assert browser.find_element(By.ID, "count").text == f"{len(expected) - 1} datasets and 1 family shown, of 9"
    thumbs = browser.find_elements(By.CSS_SELECTOR, "#rows td.c-thumb img")
    assert len(thumbs) == len(expected) and all(t.get_attribute("alt").startswith("Preview of ") for t in thumbs)
    wait_for(lambda: all(browser.execute_script("return arguments[0].naturalWidth", t) > 0 for t in thumbs))
    assert console_errors(browser) == []
    screenshot(browser, "site-index")


def test_search_narrows_by_name_generator_and_parameters(browser, site):
    open_index(browser, site)
    assert sorted(retype(browser, "spiral")) == sorted(["spiral_big", "spiral_fam", *VARIANTS])
    assert retype(browser, "xor 0.75") == ["xor_small"]  # a parameter value: train_ratio
    assert retype(browser, "n_spirals=3") == [v for v in VARIANTS if "n_spirals=3" in v]
    assert "q=n_spirals%3D3" in browser.current_url
    assert console_errors(browser) == []


@pytest.mark.parametrize(
    ("ident", "value", "keep"),
    [
        ("f-generator", "gaussian", lambda i: i["generator"] == "gaussian"),
        ("f-generator", "spiral", lambda i: i["generator"] == "spiral"),
        ("f-tag", "small", lambda i: "small" in i["tags"]),
        ("f-tag", "family", lambda i: "family" in i["tags"]),
        ("f-size", "1K<n<10K", lambda i: 1000 <= i["rows"] < 10_000),
        ("f-expired", "expired", lambda i: i["expires"] is not None and i["expires"] < TODAY),
        ("f-expired", "current", lambda i: i["expires"] is None or i["expires"] >= TODAY),
    ],
)
def test_each_filter_keeps_exactly_the_matching_items(browser, site, edited, ident, value, keep):
    open_index(browser, site)
    expected = sorted(i["name"] for i in listing(edited.work) if keep(i))
    assert 0 < len(expected) < 9
    assert sorted(choose(browser, ident, value)) == expected
    clear(browser)
    assert console_errors(browser) == []


def test_task_type_filter_on_a_registry_with_two_task_types(browser, edited_env, tmp_path):
    work = newer_contract_copy(edited_env, tmp_path)
    out = tmp_path / "site"
    build_site(open_view(str(work)), out, releases=False)
    open_index(browser, out)
    assert choose(browser, "f-task_type", "structured") == ["gauss_new"]
    names = {i["name"] for i in listing(edited_env.work)}
    assert sorted(choose(browser, "f-task_type", "classification")) == sorted(names - {"gauss_new"})


def test_headers_sort_and_the_state_lives_in_the_url(browser, site, edited):
    open_index(browser, site)
    rows_header = browser.find_element(By.CSS_SELECTOR, 'th[data-col="rows"]')
    rows_header.find_element(By.TAG_NAME, "button").click()
    wait_for(lambda: rows_header.get_attribute("aria-sort") == "ascending")
    ascending = shown(browser)
    by_rows = sorted(listing(edited.work), key=lambda i: (i["rows"], i["name"]))
    assert ascending == [i["name"] for i in by_rows]
    rows_header.find_element(By.TAG_NAME, "button").click()
    wait_for(lambda: rows_header.get_attribute("aria-sort") == "descending")
    assert shown(browser)[0] == "spiral_big"
    open_index(browser, site, "#generator=xor&sort=rows&dir=desc")
    assert Select(browser.find_element(By.ID, "f-generator")).first_selected_option.get_attribute("value") == "xor"
    assert shown(browser) == ["xor_small"]


def test_dataset_page_shows_its_plot_splits_hashes_releases_and_snippets(browser, site, edited):
    browser.get((site / "datasets" / "xor_small.html").as_uri())
    image = browser.find_element(By.CSS_SELECTOR, "#preview img")
    wait_for(lambda: browser.execute_script("return arguments[0].naturalWidth", image) == 320, what="the preview")
    assert "xor_small" in image.get_attribute("alt")
    meta = edited.meta("xor_small")
    hashes = {e.get_attribute("data-array"): e.text for e in browser.find_elements(By.CSS_SELECTOR, "code.hash")}
    assert hashes == meta["hashes"]
    assert browser.find_element(By.ID, "dataset-id").text == meta["dataset_id"]
    chart = browser.find_element(By.CSS_SELECTOR, "#splits svg")
    desc = chart.find_element(By.TAG_NAME, "desc").get_attribute("textContent")
    for split in ("train", "test", "full"):
        counts = meta["class_distribution"][split]
        assert f"{split}: " + ", ".join(f"{c} {counts[c]}" for c in meta["class_names"]) in desc
    assert len(chart.find_elements(By.TAG_NAME, "rect")) == 3 * 2 + 2  # 3 splits x 2 classes + legend
    releases = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#releases td a")]
    assert releases == ["xor_small@v1.2.0", "xor_small@v1.1.0", "xor_small@v1.0.0"]
    load = browser.find_element(By.ID, "s-load").text
    assert 'rev="xor_small@v1.2.0"' in load and meta["dataset_id"] in load
    assert browser.find_element(By.ID, "s-hf").text.count("parquet") >= 3
    assert console_errors(browser) == []
    screenshot(browser, "site-dataset-xor_small")
    browser.set_window_size(1280, 1600)


def test_family_grid_has_one_cell_per_variant_on_the_sweep_axes(browser, site):
    browser.get((site / "families" / "spiral_fam.html").as_uri())
    cells = browser.find_elements(By.CSS_SELECTOR, "table.grid a.cell")
    targets = sorted(unquote(urlsplit(c.get_attribute("href")).path) for c in cells)
    assert targets == sorted(str(site / "datasets" / f"{v}.html") for v in VARIANTS)
    heads = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "table.grid th")]
    assert heads == ["noise = 0.0", "noise = 0.1", "n_spirals = 2", "n_spirals = 3"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.grid tbody tr")) == 2
    assert console_errors(browser) == []


def test_release_page_shows_the_row_diff_of_the_parameter_edit(browser, site):
    browser.get((site / "releases" / "xor_small" / "v1.1.0.html").as_uri())
    text = browser.find_element(By.ID, "changes").text
    assert "train_ratio 0.8 0.75" in text and "test_ratio 0.2 0.25" in text
    rows = browser.execute_script(
        "return [...document.querySelectorAll('#changes table')].pop().innerText.trim().split('\\n')"
    )
    assert rows[-1].split() == ["full", "80", "0", "0", "0"]
    assert console_errors(browser) == []


def test_every_link_of_every_page_resolves_and_no_page_logs_an_error(browser, site):
    start = (site / "index.html").as_uri()
    queue, seen = [start], {start}
    while queue:
        url = queue.pop()
        browser.get(url)
        wait_for(lambda: browser.execute_script("return document.readyState") == "complete")
        if url == start:
            open_index(browser, site)
        targets = browser.execute_script(
            "return [...document.querySelectorAll('a[href]')].map(a => a.href)"
            ".concat([...document.querySelectorAll('img[src], script[src], link[href]')].map(e => e.src || e.href))"
        )
        for target in targets:
            parts = urlsplit(target)
            if parts.scheme == "data":
                continue
            assert parts.scheme == "file", (url, target)
            assert Path(unquote(parts.path)).is_file(), (url, target)
            page = parts._replace(fragment="").geturl()
            if page.endswith(".html") and page not in seen:
                seen.add(page)
                queue.append(page)
        assert console_errors(browser) == [], url
    assert len(seen) == 1 + 1 + 8 + 1 + 7  # index, all, datasets, family, releases (+ their index)


def test_keyboard_alone_reaches_a_dataset_from_the_search_box(browser, site):
    open_index(browser, site)
    browser.find_element(By.ID, "q").click()
    for _ in range(40):
        active = browser.switch_to.active_element
        if active.tag_name == "a" and active.find_elements(By.XPATH, "ancestor::tbody[@id='rows']"):
            break
        active.send_keys(Keys.TAB)
    else:
        pytest.fail("Tab never reached a dataset link")
    name = active.text
    active.send_keys(Keys.ENTER)
    wait_for(lambda: browser.current_url.endswith(f"datasets/{name}.html"), what="the dataset page")


def test_pages_fit_a_phone_screen(browser, site):
    browser.set_window_size(390, 844)
    try:
        for page in (
            "index.html",
            "datasets/xor_small.html",
            "families/spiral_fam.html",
            "releases/xor_small/v1.1.0.html",
        ):
            browser.get((site / page).as_uri())
            wait_for(lambda: browser.execute_script("return document.readyState") == "complete")
            width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (page, width)
        open_index(browser, site)
        screenshot(browser, "site-index-phone")
    finally:
        browser.set_window_size(1280, 1600)


def test_the_site_works_from_a_static_http_server(browser, site):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        browser.get(f"{base}/index.html#tag=small")
        wait_for(lambda: shown(browser) == ["xor_small"], what="the filtered index over HTTP")
        browser.find_element(By.LINK_TEXT, "xor_small").click()
        image = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#preview img"))[0]
        wait_for(lambda: browser.execute_script("return arguments[0].naturalWidth", image) == 320)
        assert console_errors(browser) == []
    finally:
        server.shutdown()
        server.server_close()


def test_a_thousand_datasets_render_only_the_rows_in_view(browser, tmp_path):
    work = make_registry(tmp_path / "big", 1000, data=False)
    out = tmp_path / "site"
    build_site(open_view(str(work)), out, releases=False)
    open_index(browser, out)
    assert browser.find_element(By.ID, "count").text == "1000 datasets and 0 families shown, of 1000"
    assert len(shown(browser)) < 80
    assert retype(browser, "ds0999") == ["ds0999"]
    assert retype(browser, "synthetic") == shown(browser) and len(shown(browser)) < 80
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    wait_for(lambda: "ds0999" in shown(browser), what="the last rows after scrolling")
    assert len(shown(browser)) < 80
    assert console_errors(browser) == []
