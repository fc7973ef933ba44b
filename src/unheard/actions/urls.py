from django.urls import path

from unheard.actions import views

app_name = "actions"
urlpatterns = [
    path("actions/", views.action_list, name="list"),
    path("actions/organise/", views.propose, name="propose"),
    path("actions/organise/sent/", views.proposed, name="proposed"),
    path("actions/organise/confirm/<str:token>/", views.proposal_confirm, name="proposal_confirm"),
    path("actions/join/confirm/<str:token>/", views.sign_up_confirm, name="sign_up_confirm"),
    path("actions/join/cancel/<str:token>/", views.sign_up_cancel, name="sign_up_cancel"),
    path("actions/<slug:slug>/", views.action_detail, name="action"),
    path("actions/<slug:slug>/joined/", views.signed_up, name="signed_up"),
    path("actions/<slug:slug>/event.ics", views.action_ics, name="action_ics"),
    path("days/", views.day_list, name="days"),
    path("days/<slug:slug>/", views.day_detail, name="day"),
    path("groups/", views.group_list, name="groups"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
]
