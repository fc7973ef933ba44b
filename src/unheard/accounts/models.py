from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffSession(models.Model):
    """A signed-in staff session, so that its user can see where they are signed in and end it.

    Written when a staff user signs in, touched at most once a minute while they work, deleted
    when they sign out, when it times out and when they end it (the session itself goes with it).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_sessions",
    )
    session_key = models.CharField(_("session"), max_length=40, unique=True)
    signed_in_at = models.DateTimeField(_("signed in"))
    last_seen_at = models.DateTimeField(_("last seen"))
    ip_address = models.GenericIPAddressField(_("network address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("staff session")
        verbose_name_plural = _("staff sessions")
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.signed_in_at:%Y-%m-%d %H:%M}"
