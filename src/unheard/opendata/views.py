"""The open-data pages: the index, each table as CSV and JSON, the package, the snapshots."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language

from unheard.core.output.csv import csv_response
from unheard.opendata import package, selectors
from unheard.opendata.models import DataSnapshot


def index(request):
    return render(
        request,
        "opendata/index.html",
        {
            "resources": package.RESOURCES,
            "licence": package.LICENCE,
            "snapshots": selectors.snapshots_public(),
        },
    )


def datapackage(request):
    described = package.descriptor(language=get_language())
    return JsonResponse(described, json_dumps_params={"ensure_ascii": False, "indent": 2})


def table_csv(request, name: str):
    table = package.tables(language=get_language(), names=[name])[name]
    return csv_response(table.csv(), file_name=f"{name}.csv")


def table_json(request, name: str):
    table = package.tables(language=get_language(), names=[name])[name]
    return HttpResponse(table.json(), content_type="application/json; charset=utf-8")


def snapshot(request, day: str):
    try:
        found = selectors.snapshot_public(day=day)
    except DataSnapshot.DoesNotExist as error:
        raise Http404(day) from error
    response = HttpResponse(bytes(found.archive), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{found.file_name}"'
    return response
