from django.urls import path

from unheard.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.home, name="home"),
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("cases/<slug:slug>/", views.case_detail, name="case_detail"),
    path("facilities/<slug:slug>/", views.facility_detail, name="facility_detail"),
    path("articles/", views.code_list, name="code_list"),
    path("articles/<slug:code>/", views.code_detail, name="code_detail"),
    path("articles/<slug:code>/<str:number>/", views.article_detail, name="article_detail"),
    path("translate/", views.translation_dashboard, name="translation_dashboard"),
    path("translate/mark/", views.translation_mark, name="translation_mark"),
]
