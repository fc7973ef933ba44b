from django.urls import path

from unheard.stats import views

app_name = "stats"
urlpatterns = [
    path("statistics/", views.index, name="index"),
    path("statistics/years/", views.years, name="years"),
    path("statistics/<slug:key>.csv", views.figure_csv, name="figure_csv"),
    path("statistics/<slug:key>/", views.figure, name="figure"),
    path("statistics/<slug:key>/embed/", views.figure_embed, name="figure_embed"),
]
