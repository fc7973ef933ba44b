from django.urls import path

from unheard.petitions import views

app_name = "petitions"
urlpatterns = [
    path("petitions/", views.petition_list, name="list"),
    path("petitions/<slug:slug>/", views.petition_detail, name="detail"),
    path("petitions/<slug:slug>/signed/", views.petition_signed, name="signed"),
    path("petitions/confirm/<str:token>/", views.signature_confirm, name="confirm"),
]
