"""Public pages of the registry. Views only parse the request and call selectors."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from unheard.registry import selectors
from unheard.registry.models import Article, Case, Facility, Person

PAGE_SIZE = 50
MAX_QUERY_LENGTH = 200


def home(request):
    context = {
        "held_count": selectors.people_held_count(),
        "people_count": selectors.published_people().count(),
        "recent_cases": selectors.cases_recent(),
    }
    return render(request, "registry/home.html", context)


def person_list(request):
    status = request.GET.get("status", "")
    if status not in Person.Status.values:
        status = ""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    people = selectors.people_list(status=status, query=query)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "query": query, "statuses": Person.Status.choices}
    return render(request, "registry/person_list.html", context)


def person_detail(request, slug):
    try:
        person = selectors.person_public(slug=slug)
    except Person.DoesNotExist as missing:
        raise Http404 from missing
    return render(request, "registry/person_detail.html", {"person": person})


def case_detail(request, slug):
    try:
        case = selectors.case_public(slug=slug)
    except Case.DoesNotExist as missing:
        raise Http404 from missing
    return render(request, "registry/case_detail.html", {"case": case})


def facility_detail(request, slug):
    try:
        facility = selectors.facility_public(slug=slug)
    except Facility.DoesNotExist as missing:
        raise Http404 from missing
    inmates = (
        selectors.published_people()
        .filter(current_facility=facility)
        .order_by("surname", "given_name")
    )
    return render(
        request, "registry/facility_detail.html", {"facility": facility, "inmates": inmates}
    )


def article_detail(request, code, number):
    try:
        article = selectors.article_public(code=code, number=number)
    except Article.DoesNotExist as missing:
        raise Http404 from missing
    charges = selectors.charges_public_for_article(article=article)
    return render(request, "registry/article_detail.html", {"article": article, "charges": charges})
