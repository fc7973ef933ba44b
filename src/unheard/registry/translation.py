"""Fields translated per language (a column each, from django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from unheard.registry import models


@register(models.Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(models.Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.PoliticalView)
class PoliticalViewTranslation(TranslationOptions):
    fields = ("name",)


@register(models.Facility)
class FacilityTranslation(TranslationOptions):
    fields = ("name",)


@register(models.LegalCode)
class LegalCodeTranslation(TranslationOptions):
    fields = ("name", "short_name")


@register(models.Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title",)


@register(models.Person)
class PersonTranslation(TranslationOptions):
    fields = (
        "display_name",
        "occupation",
        "summary",
        "biography",
        "support_caveat",
        "interests",
        "likes_to_receive",
    )


@register(models.Case)
class CaseTranslation(TranslationOptions):
    fields = ("name", "summary", "investigating_body")


@register(models.Verdict)
class VerdictTranslation(TranslationOptions):
    fields = ("court", "additional_penalties")


@register(models.TimelineEvent)
class TimelineEventTranslation(TranslationOptions):
    fields = ("description", "place")
