from django.urls import path

from unheard.agenda import views

app_name = "agenda"
urlpatterns = [
    path("calendar/", views.month_page, name="month"),
    path("calendar.ics", views.site_feed, name="feed"),
    path("people/<slug:slug>/calendar.ics", views.person_feed, name="person_feed"),
    path("calendar/groups/<slug:slug>.ics", views.group_feed, name="group_feed"),
    path("calendar/cities/<str:city>.ics", views.city_feed, name="city_feed"),
    path("people/<slug:slug>/remind/", views.reminder_form, name="reminder_form"),
    path("people/<slug:slug>/remind/asked/", views.reminder_asked, name="reminder_asked"),
    path(
        "actions/<slug:slug>/remind/",
        views.action_reminder_form,
        name="action_reminder_form",
    ),
    path("calendar/remind/confirm/<str:token>/", views.reminder_confirm, name="reminder_confirm"),
    path("calendar/remind/stop/<str:token>/", views.reminder_stop, name="reminder_stop"),
]
