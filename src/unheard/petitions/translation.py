from modeltranslation.translator import TranslationOptions, register

from unheard.petitions.models import Delivery, NotableSignatory, Petition, PetitionTarget


@register(Petition)
class PetitionTranslation(TranslationOptions):
    fields = ("title", "text")


@register(PetitionTarget)
class PetitionTargetTranslation(TranslationOptions):
    fields = ("name",)


@register(NotableSignatory)
class NotableSignatoryTranslation(TranslationOptions):
    fields = ("description",)


@register(Delivery)
class DeliveryTranslation(TranslationOptions):
    fields = ("answer",)
