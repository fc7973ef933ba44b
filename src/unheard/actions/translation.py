from modeltranslation.translator import TranslationOptions, register

from unheard.actions.models import Action, DayOfAction, DayStatement, Group


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("title", "description", "accessibility", "city_name")


@register(DayOfAction)
class DayOfActionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Group)
class GroupTranslation(TranslationOptions):
    fields = ("description", "city_name")


@register(DayStatement)
class DayStatementTranslation(TranslationOptions):
    fields = ("author_description", "summary")
