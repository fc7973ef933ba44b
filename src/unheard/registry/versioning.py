"""Revision history: every registry model is registered with django-reversion.

A person's revision follows their aliases, case links, charges, verdicts, timeline events,
recognitions and designations, so reverting a person restores the whole record as it was.
"""

import reversion

from unheard.core.models import Source
from unheard.registry import models

PERSON_FOLLOWS = (
    "aliases",
    "case_links",
    "charges",
    "verdicts",
    "events",
    "recognitions",
    "designations",
)


def register_models() -> None:
    follows = {models.Person: PERSON_FOLLOWS, models.Case: ("defendant_links",)}
    for model, follow in follows.items():
        if not reversion.is_registered(model):
            reversion.register(model, follow=follow)
    for model in (
        models.PersonAlias,
        models.CaseDefendant,
        models.Charge,
        models.Verdict,
        models.TimelineEvent,
        models.Recognition,
        models.Designation,
        models.Facility,
        models.Region,
        models.Organisation,
        models.PoliticalView,
        models.LegalCode,
        models.Article,
        Source,
    ):
        if not reversion.is_registered(model):
            reversion.register(model)
