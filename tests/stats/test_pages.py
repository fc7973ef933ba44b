"""The statistics pages: every figure, one figure, CSV, embeds, bad dates and unknown figures."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from tests.factories import PersonFactory, RegionFactory, published
from unheard.registry.models import Person
from unheard.stats.figures import figures

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ru", "en", "de", "fr"])
def test_statistics_page_shows_every_figure_with_its_definition(client, record, language):
    response = client.get(f"/{language}/statistics/")
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override(language):
        for counted, _others in response.context["items"]:
            assert escape(str(counted.figure.definition)) in page
            table = f'id="figure-{counted.figure.key}-table"'
            assert (table in page) == bool(counted.lines), counted.figure.key
    assert len(response.context["items"]) == len(figures())
    assert "<script" not in page


def test_held_now_equals_the_home_page(client, record):
    home = client.get("/en/").context["held_count"]
    statistics = client.get("/en/statistics/held/").context["counted"]
    assert sum(line.values[0] for line in statistics.lines) == home == 2


def test_a_figure_on_a_past_date(client, record):
    response = client.get("/en/statistics/held/?as_of=2022-06-01")
    assert response.status_code == 200
    assert response.context["as_of"] == dt.date(2022, 6, 1)
    assert [line.values for line in response.context["counted"].lines] == [(1,)]
    assert "As of June 1, 2022" in response.content.decode()


@pytest.mark.parametrize(
    "as_of, message",
    [
        ("2999-01-01", "is in the future"),
        ("1989-12-31", "from 1 January 1990"),
        ("2024-02-30", "YYYY-MM-DD"),
        ("yesterday", "YYYY-MM-DD"),
        ("2024-1-1", "YYYY-MM-DD"),
    ],
)
@pytest.mark.parametrize(
    "path",
    [
        "/en/statistics/",
        "/en/statistics/held/",
        "/en/statistics/held.csv",
        "/en/statistics/held/embed/",
    ],
)
def test_a_date_that_cannot_be_counted_on_is_refused(client, db, path, as_of, message):
    response = client.get(path, {"as_of": as_of})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_tomorrow_is_in_the_future(client, db):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert client.get("/en/statistics/", {"as_of": tomorrow.isoformat()}).status_code == 400


@pytest.mark.parametrize(
    "path", ["/en/statistics/nope/", "/en/statistics/nope.csv", "/en/statistics/nope/embed/"]
)
def test_an_unknown_figure_is_not_found(client, db, path):
    assert client.get(path).status_code == 404


def test_only_the_embed_may_be_framed_by_other_sites(client, record):
    embed = client.get("/en/statistics/held/embed/")
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    # The site's policy stays whole; only frame-ancestors is relaxed.
    directives = {d.strip() for d in embed["Content-Security-Policy"].split(";")}
    assert "frame-ancestors *" in directives
    assert {"default-src 'self'", "style-src 'self'", "object-src 'none'"} <= directives
    assert any(d.startswith("script-src 'self'") for d in directives)
    assert "<script" not in embed.content.decode()
    for path in ("/en/statistics/", "/en/statistics/held/", "/en/"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors *" not in response.get("Content-Security-Policy", "")


def test_csv_has_the_declared_columns_and_the_date(client, record):
    response = client.get("/en/statistics/punishment-cells.csv", {"as_of": "2023-12-31"})
    assert response.status_code == 200
    assert 'filename="punishment-cells-2023-12-31.csv"' in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").splitlines() == [
        "year,people,placements,days",
        "2023,1,2,25",
    ]


def test_csv_escapes_what_a_spreadsheet_would_run(client, db):
    region = RegionFactory(slug="formula", name_en='=HYPERLINK("http://example.org")')
    published(PersonFactory(status=Person.Status.SERVING, home_region=region))
    text = client.get("/en/statistics/home-regions.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text


def test_the_added_figures_have_their_csv_embed_and_api(client, record):
    """Region of investigation, the monthly figures and the years handed down, as of a date."""
    as_of = {"as_of": "2023-07-15"}
    csv = client.get("/en/statistics/sentence-years.csv", as_of).content.decode("utf-8-sig")
    assert csv.splitlines() == [
        "year,sentences,years in total,life sentences",
        "2021,1,2.0,0",
        "2022,1,6.0,0",
    ]
    months = client.get("/en/statistics/detentions-per-month.csv", as_of).content.decode()
    assert months.splitlines()[1:] == [
        f"{year}-{month:02d},{int((year, month) == (2023, 6))}"
        for year, month in [(2021, m) for m in range(8, 13)]
        + [(2022, m) for m in range(1, 13)]
        + [(2023, m) for m in range(1, 8)]
    ]
    embed = client.get("/ru/statistics/investigation-regions/embed/", as_of)
    assert embed.status_code == 200
    assert "Люди в заключении по регионам расследования" in embed.content.decode()
    api = client.get("/api/v1/statistics/cases-per-month?as_of=2023-07-15&lang=en").json()
    assert api["title"] == "New cases per month"
    assert [line["label"] for line in api["lines"] if line["values"] == [1]] == ["2023-01"]
    assert api["csv_url"] == "/en/statistics/cases-per-month.csv?as_of=2023-07-15"
