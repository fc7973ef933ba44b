"""Fields translated per language (a column each, from django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from unheard.stats.models import ExternalFigure


@register(ExternalFigure)
class ExternalFigureTranslation(TranslationOptions):
    fields = ("organisation", "counts", "method")
