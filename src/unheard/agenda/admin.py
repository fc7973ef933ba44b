from django.contrib import admin

from unheard.agenda.models import Reminder, ReminderSubscription


@admin.register(ReminderSubscription)
class ReminderSubscriptionAdmin(admin.ModelAdmin):
    """Subscriptions are made and ended by their subscribers: the back office only reads them."""

    list_display = ["person", "days_before", "is_confirmed", "created_at"]
    list_filter = ["is_confirmed"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["subscription", "occurs_on", "sent_at", "attempts"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
