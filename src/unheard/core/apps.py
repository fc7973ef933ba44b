from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import RoleGrant, ScheduledJob, WaitingCount


class CoreConfig(AppConfig):
    name = "unheard.core"
    label = "core"
    verbose_name = _("Core")
    scheduled_jobs = (
        ScheduledJob("core.audit_purge", "audit_purge", timedelta(days=1)),
        ScheduledJob("core.database_analyse", "database_analyse", timedelta(days=1)),
    )
    # A change of these may change a public page or figure (core/record_cache.py).
    public_record_models = ("Source", "TranslationState")
    role_grants = (RoleGrant("admin", everything=True),)
    waiting_counts = (
        WaitingCount(
            _("Records waiting for your review"),
            "unheard.core.review_queue.waiting_count",
            "admin:review_queue",
            permission="",
            order=10,
        ),
    )

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from unheard.core.roles import roles_sync_after_migrate

        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="unheard-roles-sync")

        from django.db.backends.signals import connection_created

        from unheard.core.collation import sqlite_collations_register

        connection_created.connect(sqlite_collations_register, dispatch_uid="unheard-collations")

        from unheard.core import record_cache

        record_cache.connect()

        from django.conf import settings
        from PIL import Image

        # No code of the site decodes an image with more pixels than an upload may have.
        Image.MAX_IMAGE_PIXELS = settings.UNHEARD_IMAGE_MAX_PIXELS
