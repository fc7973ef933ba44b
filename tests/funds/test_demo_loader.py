"""The demo data: the seeds' campaigns and three-year figures, each citing its seed."""

import pytest

from unheard.funds.demo_loader import demo_load
from unheard.funds.models import AggregateFigure, Campaign
from unheard.funds.money import Money
from unheard.funds.report import Period, report_build
from unheard.funds.selectors import campaign_progress
from unheard.registry.demo_loader import demo_load as registry_demo_load

pytestmark = pytest.mark.django_db
MARATHON = "Russian independent media united in a marathon in support of political prisoners and opponents of the war"
MEMORIAL = "«Political Prisoners. Memorial» is 3 years old today!"


@pytest.fixture
def demo():
    registry_demo_load()
    return demo_load()


def test_campaigns_and_figures_are_loaded_citing_their_seed(demo):
    assert demo.created == {"campaigns": 2, "sourced figures": 9, "example ways to give": 1}
    marathon = Campaign.objects.get(slug="you-are-not-alone-marathon")
    assert marathon.title_ru == "Ты не один" and marathon.is_published
    assert [s.title for s in marathon.sources.all()] == [MARATHON]
    progress = campaign_progress(campaign=marathon)
    assert progress.raised == Money.of("33000000", "RUB") and progress.at_least
    memorial = Campaign.objects.get(slug="memorial-organisational-expenses")
    assert memorial.goal == Money.of("7400", "EUR")
    for figure in AggregateFigure.objects.all():
        titles = [s.title for s in figure.sources.all()]
        assert titles in ([MARATHON], [MEMORIAL]), figure
        figure.full_clean()
    from unheard.core.models import Source

    assert Source.objects.filter(title=MEMORIAL).count() == 1, "the registry's Source is reused"


def test_loading_again_changes_nothing(demo):
    counts = (Campaign.objects.count(), AggregateFigure.objects.count())
    Campaign.objects.filter(slug="memorial-organisational-expenses").update(title_en="Edited")
    assert demo_load().created == {}
    assert (Campaign.objects.count(), AggregateFigure.objects.count()) == counts
    assert Campaign.objects.get(slug="memorial-organisational-expenses").title_en == "Edited"
    demo_load(refresh=True)
    assert Campaign.objects.get(slug="memorial-organisational-expenses").title_en != "Edited"


def test_the_report_since_founding_shows_the_seed_figures(demo, client):
    report = report_build(period=Period())
    helped = {line.category: line.count.value for line in report.helped}
    assert helped == {"legal": 126, "detention": 64, "humanitarian": 243, "family": 0}
    assert [f.count for f in report.recognised_figures] == [754]
    rub = next(line for line in report.raised if line.currency == "RUB")
    assert rub.total == Money.of("53000000", "RUB")
    assert report.raised_total == Money.of("212000", "EUR")
    assert report.raised_left_out == [Money.of("33000000", "RUB")]
    html = client.get("/en/report/").content.decode()
    for text in ("126", "243", "754", MEMORIAL[:30], MARATHON[:30]):
        assert text in html
    # Undated figures do not count in a year's report.
    year = report_build(period=Period.parse(year="2024"))
    assert {line.count.value for line in year.helped} == {0}
    assert year.undated_left_out == 9
