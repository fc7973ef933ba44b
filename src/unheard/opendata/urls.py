"""One address per table (no parameter), so that every file is a plain page to crawl."""

from django.urls import path

from unheard.opendata import views
from unheard.opendata.package import RESOURCES

app_name = "opendata"
urlpatterns = [
    path("data/", views.index, name="index"),
    path("data/datapackage.json", views.datapackage, name="datapackage"),
    path("data/snapshots/<str:day>.zip", views.snapshot, name="snapshot"),
]
for _resource in RESOURCES:
    urlpatterns += [
        path(
            f"data/{_resource.name}.csv",
            views.table_csv,
            {"name": _resource.name},
            name=f"{_resource.name}_csv",
        ),
        path(
            f"data/{_resource.name}.json",
            views.table_json,
            {"name": _resource.name},
            name=f"{_resource.name}_json",
        ),
    ]
