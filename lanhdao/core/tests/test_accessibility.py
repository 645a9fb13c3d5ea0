"""What a screen reader relies on, checked in the templates themselves (the browser tests check the pages with
axe-core: tests/test_browser_phone.py)."""

import re
from pathlib import Path

from django.urls import reverse

PACKAGE = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(PACKAGE.rglob("templates/**/*.html"))


def test_every_table_header_says_what_it_heads():
    """`scope` on every <th>: col, row, colgroup or rowgroup, so a reader hears the header with each cell."""
    missing = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)}"
        for path in TEMPLATES
        for match in re.finditer(r"<th(?=[\s>])[^>]*>", path.read_text(encoding="utf-8"))
        if not re.search(r'\bscope="(col|row|colgroup|rowgroup)"', match.group(0))
    ]
    assert not missing, missing


def test_every_region_htmx_replaces_is_announced():
    """The element an hx-target names carries aria-live, so a reader hears the rows a filter brought."""
    texts = {path: path.read_text(encoding="utf-8") for path in TEMPLATES}
    targets = {t for text in texts.values() for t in re.findall(r'hx-target="#([\w-]+)"', text)}
    silent = [
        target
        for target in sorted(targets)
        if not any(re.search(rf'id="{target}"[^>]*aria-live="polite"', text) for text in texts.values())
    ]
    assert targets and not silent, silent


def test_a_page_starts_with_a_link_past_the_menu(world, client_for):
    page = client_for(world.bob).get(reverse("org:unit_list")).content.decode()
    body = page.split("<body", 1)[1]
    assert body.index('class="skip-link" href="#main"') < body.index("<header")
    assert '<main id="main"' in page and "Bỏ qua đến nội dung" in page
