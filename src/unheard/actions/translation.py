from modeltranslation.translator import TranslationOptions, register

from unheard.actions.models import SolidarityAction


@register(SolidarityAction)
class SolidarityActionTranslation(TranslationOptions):
    fields = ("title", "description")
