"""Fields translated per language (a column each, from django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from unheard.funds import models


@register(models.Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(models.CampaignUpdate)
class CampaignUpdateTranslation(TranslationOptions):
    fields = ("title", "body")


@register(models.PaymentMethod)
class PaymentMethodTranslation(TranslationOptions):
    fields = ("name", "instructions")


@register(models.AggregateFigure)
class AggregateFigureTranslation(TranslationOptions):
    fields = ("label", "note")
