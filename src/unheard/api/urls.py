from django.urls import path

from unheard.api.site import api

urlpatterns = [path("v1/", api.urls)]
