"""The statistics pages: every figure, one figure, its CSV and its embeddable page.

Views parse the figure's key and `?as_of=`, call a selector and render; a date that cannot be
counted on answers 400 with the reason, an unknown figure 404.
"""

from __future__ import annotations

from csp.decorators import csp_replace
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt

from unheard.core.output import csv
from unheard.stats import selectors
from unheard.stats.as_of import EARLIEST, AsOfError, as_of_parse
from unheard.stats.figures import figure_by_key

MAP_CHOICES = _(
    "The map shows people held by region of detention (map=detention), by home region "
    "(map=home) or by region of investigation (map=investigation), as people (per=people) or "
    "per 100,000 inhabitants (per=100k)."
)


def _as_of(request):
    return as_of_parse(request.GET.get("as_of", "")[:40], today=timezone.localdate())


def _bad_date(request, error: AsOfError, template: str = "stats/bad_date.html"):
    return render(request, template, {"error": str(error)}, status=400)


def _known(key: str) -> None:
    if figure_by_key(key) is None:
        raise Http404


def _dates(as_of) -> dict:
    today = timezone.localdate()
    return {"as_of": as_of, "today": today, "earliest": EARLIEST, "is_today": as_of == today}


def index(request):
    try:
        as_of = _as_of(request)
    except AsOfError as error:
        return _bad_date(request, error)
    try:
        region_map = selectors.region_map(
            by=request.GET.get("map", "detention")[:20],
            per=request.GET.get("per", "people")[:20],
            as_of=as_of,
        )
    except selectors.UnknownDimension:
        return render(request, "stats/bad_date.html", {"error": MAP_CHOICES}, status=400)
    figures = selectors.figures_count(as_of=as_of)
    beside = selectors.external_figures_beside(keys=[f.figure.key for f in figures])
    items = [(counted, beside[counted.figure.key]) for counted in figures]
    external = [other for others in beside.values() for other in others]
    context = {
        "items": items,
        "external": external,
        "region_map": region_map,
        "map_choices": _map_choices(as_of),
        **_dates(as_of),
    }
    return render(request, "stats/index.html", context)


def _map_choices(as_of) -> list[tuple[str, str, str, str]]:
    """(map, per, label, query) of each way the map can be drawn."""
    date = "" if as_of == timezone.localdate() else f"&as_of={as_of.isoformat()}"
    return [
        (by, per, f"{title}, {measure}", f"?map={by}&per={per}{date}#region-map")
        for by, (_key, title) in selectors.MAP_BY.items()
        for per, (_index, measure) in selectors.MAP_PER.items()
    ]


def years(request):
    """People held on 1 January of each year."""
    try:
        as_of = _as_of(request)
    except AsOfError as error:
        return _bad_date(request, error)
    held = selectors.held_each_new_year(as_of=as_of)
    return render(request, "stats/years.html", {"held": held, **_dates(as_of)})


def figure(request, key):
    _known(key)
    try:
        as_of = _as_of(request)
    except AsOfError as error:
        return _bad_date(request, error)
    counted = selectors.figure_count(key=key, as_of=as_of)
    others = selectors.external_figures_beside(keys=[key])[key]
    context = {
        "counted": counted,
        "others": others,
        "external": others,
        "embed_code": _embed_code(request, counted),
        **_dates(as_of),
    }
    return render(request, "stats/figure.html", context)


def _embed_code(request, counted) -> str:
    """The <iframe> another site pastes to show the figure as it stands each day."""
    url = request.build_absolute_uri(reverse("stats:figure_embed", args=[counted.figure.key]))
    return format_html(
        '<iframe src="{}" title="{}" width="100%" height="640" loading="lazy"></iframe>',
        url,
        counted.figure.title,
    )


def figure_csv(request, key):
    _known(key)
    try:
        as_of = _as_of(request)
    except AsOfError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    counted = selectors.figure_count(key=key, as_of=as_of)
    text = csv.write_table(counted.figure.columns(), counted.lines)
    return csv.csv_response(text, file_name=f"{key}-{as_of.isoformat()}.csv")


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def figure_embed(request, key):
    """The one page another site may show in a frame: the figure with its definition."""
    _known(key)
    try:
        as_of = _as_of(request)
    except AsOfError as error:
        response = _bad_date(request, error, "stats/embed_bad_date.html")
    else:
        counted = selectors.figure_count(key=key, as_of=as_of)
        response = render(request, "stats/embed.html", {"counted": counted, **_dates(as_of)})
    return response
