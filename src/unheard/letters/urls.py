from django.urls import path

from unheard.letters import views

app_name = "letters"
urlpatterns = [
    path("people/<slug:slug>/write/", views.how_to_write, name="how_to_write"),
    path("people/<slug:slug>/letter/", views.letter_form, name="letter_form"),
    path("people/<slug:slug>/letter/sent/", views.letter_submitted, name="submitted"),
    path("letters/", views.few_letters, name="few_letters"),
    path("letters/confirm/<str:token>/", views.letter_confirm, name="confirm"),
    path("letters/revise/<str:token>/", views.letter_revise, name="revise"),
]
