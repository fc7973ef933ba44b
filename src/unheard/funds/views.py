"""Public pages of the funds app: campaigns and the report. Views parse the request and call
selectors; nothing here reads a donor, a beneficiary or a note."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from unheard.core.output import csv
from unheard.core.output.pdf import render_pdf
from unheard.funds import selectors
from unheard.funds.models import Campaign
from unheard.funds.report import REPORT_COLUMNS, Period, PeriodError, report_build, report_rows


def campaign_list(request):
    open_campaigns, past_campaigns = selectors.campaigns_public()
    context = {"open_campaigns": open_campaigns, "past_campaigns": past_campaigns}
    return render(request, "funds/campaign_list.html", context)


def campaign_detail(request, slug):
    try:
        campaign = selectors.campaign_public(slug=slug)
    except Campaign.DoesNotExist as missing:
        raise Http404 from missing
    context = {
        "campaign": campaign,
        "progress": campaign.progress,
        "beneficiary": selectors.beneficiary_public(campaign),
        "payment_methods": selectors.payment_methods_for(campaign=campaign),
    }
    return render(request, "funds/campaign_detail.html", context)


# Seconds a browser or nginx may keep the total: the page polls every 2 s, and a recorded
# donation must show within 5 s (the page cache drops it at once: core/record_cache.py). nginx
# asks the app at most once a second per campaign and language, however many pages are open.
TOTAL_MAX_AGE = 1


@require_GET
@cache_control(public=True, max_age=TOTAL_MAX_AGE)
def campaign_total(request, slug):
    """The campaign's total as JSON, for funds/live_total.js: the label as the page words it
    and the progress bar's value and maximum (no goal: null)."""
    try:
        campaign = selectors.published_campaigns().get(slug=slug)
    except Campaign.DoesNotExist:
        return JsonResponse({"error": _("No such campaign.")}, status=404)
    progress = selectors.campaign_progress(campaign=campaign)
    goal = progress.goal
    label = render_to_string("funds/includes/progress_label.html", {"progress": progress})
    return JsonResponse(
        {
            "label": label.strip(),
            "value": progress.bar_value,
            "max": goal.minor if goal else None,
            "percent": progress.percent,
        }
    )


def _period(request) -> tuple[Period, str]:
    try:
        return (
            Period.parse(
                request.GET.get("from", "")[:20],
                request.GET.get("to", "")[:20],
                request.GET.get("year", "")[:4],
            ),
            "",
        )
    except PeriodError as error:
        return Period(), str(error)


def report(request):
    period, error = _period(request)
    context = {"report": report_build(period=period), "period_error": error}
    return render(request, "funds/report.html", context, status=400 if error else 200)


def _file_name(period: Period, extension: str) -> str:
    name = "report-" + (
        "all-time" if period.all_time else "-".join(p for p in period.query().split("&"))
    )
    return f"{name.replace('from=', '').replace('to=', 'to-')}-{get_language()}.{extension}"


def report_pdf(request):
    period, error = _period(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    html = render_to_string(
        "funds/report_pdf.html", {"report": report_build(period=period)}, request=request
    )
    response = HttpResponse(render_pdf(html).content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_file_name(period, "pdf")}"'
    return response


def report_csv(request):
    period, error = _period(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    rows = report_rows(report_build(period=period))
    return csv.csv_response(
        csv.write_table(REPORT_COLUMNS, rows), file_name=_file_name(period, "csv")
    )
