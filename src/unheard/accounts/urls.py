"""The staff account pages, under the back office (/admin/account/)."""

from django.contrib import admin
from django.urls import path

from unheard.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", admin.site.admin_view(views.security), name="security"),
    path("verify/", admin.site.admin_view(views.verify), name="verify"),
    path("enrol/", admin.site.admin_view(views.enrol), name="enrol"),
    path("recovery-codes/", admin.site.admin_view(views.recovery_codes), name="recovery_codes"),
    path("sessions/<int:pk>/end/", admin.site.admin_view(views.session_end), name="session_end"),
]
