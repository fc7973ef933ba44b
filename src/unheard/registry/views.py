"""Public pages of the registry, and the translators' dashboard. Views parse the request and call
selectors (reads) or services (writes); they decide nothing about what is public."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unheard.core import translation_state
from unheard.core.media import media_name, media_response
from unheard.core.record_cache import record_key
from unheard.registry import people_filters, selectors
from unheard.registry.models import Article, Case, Facility, LegalCode, Person

PAGE_SIZE = 50
QUEUE_SIZE = 50


def home(request):
    context = selectors.home_summary(today=timezone.localdate())
    return render(request, "registry/home.html", context)


def person_list(request):
    people_query = people_filters.people_query_parse(request.GET)
    people = selectors.PeopleInOrder(people_query=people_query)
    # A page number past the end (or not a number) shows the nearest page, with a notice.
    asked = request.GET.get("page", "").strip()
    page = Paginator(people, PAGE_SIZE).get_page(asked)
    context = {
        "page": page,
        "page_not_found": asked[:20] if asked and asked != str(page.number) else "",
        "filters_in_use": len(people_query.filters) + bool(people_query.text),
        "people_query": people_query,
        # The filters' options (thousands of cases) and the page's rows are rendered once per
        # query and kept, like the counts, until the registry changes (core/record_cache.py):
        # they show nothing from another app.
        "facets": partial(people_filters.people_facets, people_query),
        "facets_key": record_key(
            f"people-facets:{people_filters.query_key(people_query)}", parts=people_filters.REGISTRY
        ),
        "rows_key": record_key(
            f"people-rows:{people_query.sort}:{people_filters.query_key(people_query)}",
            parts=people_filters.REGISTRY,
        ),
        "sorts": people_filters.SORTS.items(),
        # Kept for templates written against the first version of this page.
        "status": people_query.filters.get("status", ""),
        "query": people_query.text,
    }
    return render(request, "registry/person_list.html", context)


def person_detail(request, slug):
    try:
        person = selectors.person_public(slug=slug)
    except Person.DoesNotExist as missing:
        raise Http404 from missing
    return render(request, "registry/person_detail.html", {"person": person})


def person_photo(request, name):
    """A person's photo at /media/people/<name> while the public may see it. Staff who may view
    people see any person's photo there (the back office's form links it), kept by no cache."""
    name = media_name("people", name)
    photo = selectors.person_photo_public(name=name)
    if photo is not None:
        return media_response(photo)
    if request.user.is_staff and request.user.has_perm("registry.view_person"):
        photo = selectors.person_photo_for_staff(name=name)
        if photo is not None:
            return media_response(photo, private=True)
    raise Http404


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
    inmates = selectors.facility_inmates(facility=facility)
    return render(
        request, "registry/facility_detail.html", {"facility": facility, "inmates": inmates}
    )


def article_detail(request, code, number):
    try:
        article = selectors.article_public(code=code, number=number)
    except Article.DoesNotExist as missing:
        raise Http404 from missing
    charges = selectors.charges_public_for_article(article=article)
    context = {
        "article": article,
        "charges": charges,
        "people_count": len({charge.person_id for charge in charges}),
        "filter_value": people_filters.ArticleFilter.value_of(article),
    }
    return render(request, "registry/article_detail.html", context)


def code_list(request):
    return render(request, "registry/code_list.html", {"codes": selectors.codes_with_counts()})


def code_detail(request, code):
    try:
        legal_code = selectors.code_public(slug=code)
    except LegalCode.DoesNotExist as missing:
        raise Http404 from missing
    articles = selectors.articles_with_counts(code=legal_code)
    show_all = request.GET.get("all") == "1"
    if not show_all:
        articles = articles.filter(people_count__gt=0)
    context = {"code": legal_code, "articles": articles, "show_all": show_all}
    return render(request, "registry/code_detail.html", context)


# The translators' dashboard (staff only)


def _translator_or_refuse(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not translation_state.user_may_translate(request.user):
        raise PermissionDenied
    return None


def translation_dashboard(request):
    refused = _translator_or_refuse(request)
    if refused:
        return refused
    languages = translation_state.site_languages()
    language = request.GET.get("language", "")
    if language not in languages:
        language = ""
    state = request.GET.get("state", translation_state.State.MISSING)
    if state not in translation_state.State.values:
        state = translation_state.State.MISSING
    queue, queue_total = translation_state.translation_queue(
        language=language or None, state=state, limit=QUEUE_SIZE
    )
    context = {
        "coverage": translation_state.translation_coverage(),
        "queue": queue,
        "queue_total": queue_total,
        "languages": languages,
        "language": language,
        "state": state,
    }
    return render(request, "registry/translation_dashboard.html", context)


@require_POST
def translation_mark(request):
    refused = _translator_or_refuse(request)
    if refused:
        return refused
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("registry:translation_dashboard")
    try:
        record = _tracked_record(request.POST.get("record", ""), request.POST.get("id", ""))
        translation_state.translation_state_set(
            record=record,
            field_name=request.POST.get("field", ""),
            language=request.POST.get("language", ""),
            state=request.POST.get("state", ""),
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You may not do this."))
    else:
        messages.success(request, _("The translation state was saved."))
    return redirect(back)


def _tracked_record(model_key: str, object_id: str):
    """The record a mark refers to: only kinds of record the dashboard tracks."""
    tracked = {t.model._meta.label_lower: t.model for t in translation_state.tracked_fields()}
    model = tracked.get(model_key)
    if model is None or not object_id.isdigit() or len(object_id) > 18:
        raise ValidationError(_("This record cannot be found."))
    content_type = ContentType.objects.get_for_model(model)
    try:
        return content_type.get_object_for_this_type(pk=int(object_id))
    except model.DoesNotExist as missing:
        raise ValidationError(_("This record cannot be found.")) from missing
