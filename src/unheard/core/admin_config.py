from django.contrib.admin.apps import AdminConfig


class UnheardAdminConfig(AdminConfig):
    default_site = "unheard.core.admin_site.UnheardAdminSite"
