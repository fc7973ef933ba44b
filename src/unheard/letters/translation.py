"""Fields translated per language (a column each, from django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from unheard.letters import models


@register(models.LetterRules)
class LetterRulesTranslation(TranslationOptions):
    fields = ("text",)
