"""axe-core finds no serious or critical accessibility problem; pages load only from the site.

axe-core comes from the npm registry (`make test` installs it into .cache/npm).
"""

from pathlib import Path

import pytest

from unheard.registry.demo_loader import demo_load

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Path(__file__).resolve().parents[2] / ".cache/npm/node_modules/axe-core/axe.min.js"
PAGES = [
    "/en/",
    "/en/people/",
    "/en/people/?status=held&category=terrorism&sort=-sentence",
    "/en/people/?status=nonsense",
    "/en/people/azat-miftakhov/",
    "/en/cases/network-case/",
    "/en/facilities/sizo-1-tyumen/",
    "/en/articles/uk-rf/205.2/",
    "/en/articles/uk-rf/",
    "/ru/",
    "/ru/people/viktor-filinkov/",
    "/de/people/",
    "/fr/cases/network-case/",
    "/en/about/",
    "/ru/privacy/",
    "/de/contact/",
    "/en/people/?page=99",
    "/ru/statistics/",
    "/en/statistics/?map=home&per=100k",
    "/de/statistics/years/",
]


def axe_violations(page) -> list[dict]:
    # Evaluated by the browser's devtools protocol, which the site's Content-Security-Policy
    # (no inline scripts) does not govern; a <script> tag would be blocked by it.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [1280, 375])
def test_no_serious_or_critical_violations(page, live_server, width):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `make test` (npm install into .cache/npm)")
    demo_load()
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for path in PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}
    assert all(url.startswith(live_server.url) for url in page.requested_urls)
