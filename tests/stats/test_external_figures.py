"""Figures counted by others: loaded from the seeds in four languages, shown beside the registry's
own with who counted, when and how, and never added to the registry's counts."""

import pytest
from django.core.exceptions import ValidationError

from unheard.core.models import AuditEntry
from unheard.registry import selectors as registry_selectors
from unheard.stats import services
from unheard.stats.demo_loader import demo_load
from unheard.stats.models import ExternalFigure
from unheard.stats.selectors import figure_count

pytestmark = pytest.mark.django_db
TRANSLATED = ("organisation", "counts", "method")


def test_the_demo_holds_the_seeds_figures_in_four_languages(db):
    report = demo_load()
    assert report.created == {"figures counted by others": 10}
    figures = ExternalFigure.objects.all()
    assert sorted(f.value for f in figures) == sorted(
        [807, 1198, 3300, 1600, 10000, 754, 1600, 40, 82, 1015]
    )
    for figure in figures:
        assert figure.is_published
        assert figure.sources.exists()
        for name in TRANSLATED:
            for language in ("ru", "en", "de", "fr"):
                assert getattr(figure, f"{name}_{language}"), (figure.key, name, language)
    assert AuditEntry.objects.filter(action="external_figure_create").count() == 10
    assert demo_load().created == {}


def test_they_are_shown_beside_the_registry_and_never_added(client, record):
    demo_load()
    page = client.get("/en/statistics/").content.decode()
    assert "at least 1,198" in page
    assert "about 3,300" in page
    assert "OVD-Info" in page
    assert "never added to the registry" in page
    assert "Unheard Voices: post-soviet left 2025" in page
    held = figure_count(key="held")
    assert sum(line.values[0] for line in held.lines) == registry_selectors.people_held_count()


def test_a_draft_figure_is_not_shown(client, db):
    demo_load()
    ExternalFigure.objects.filter(key="memorial-davidis-estimate").update(publication_state="draft")
    page = client.get("/en/statistics/").content.decode()
    assert "Sergei Davidis" not in page
    assert "about 3,300" in page


def test_a_figure_beside_no_registry_figure_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        services.external_figure_create(
            data={
                "key": "x",
                "beside": "nope",
                "organisation_en": "A",
                "value": 1,
                "counts_en": "people",
            },
            acting_user=None,
        )
    assert "beside" in refused.value.message_dict
    assert not ExternalFigure.objects.exists()
