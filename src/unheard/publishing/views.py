"""Public pages of news and alerts, the feeds' addresses, the sitemap and robots.txt. Views parse
the request and call selectors or services; they decide nothing about what is public."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from unheard.core.media import media_name, media_response
from unheard.publishing import selectors, services
from unheard.publishing.models import NewsPost, Subscription
from unheard.publishing.tokens import BadLink


def news_list(request):
    items = selectors.feed_items(
        news=selectors.news_public(language=translation.get_language()),
        events=selectors.updates(),
    )
    has_news = any(item.is_news for item in items)
    return render(request, "publishing/news_list.html", {"items": items, "has_news": has_news})


def news_detail(request, slug):
    try:
        post = selectors.news_post_public(slug=slug)
    except NewsPost.DoesNotExist as error:
        raise Http404 from error
    if post.language != translation.get_language():
        return redirect(post.get_absolute_url())
    context = {
        "post": post,
        "people": post.people.public(),
        "cases": post.cases.public(),
        "actions": post.actions.public(),
        "campaigns": post.campaigns.public(),
    }
    return render(request, "publishing/news_detail.html", context)


def _link_problem(request, error: BadLink, status: int = 400):
    message = (
        _("This link has expired. Ask for a new one from the alerts page.")
        if error.expired
        else _("This link is not valid. Check that it was copied whole.")
    )
    return render(request, "publishing/link_problem.html", {"message": message}, status=status)


@csrf_exempt
def follow(request):
    """GET: the form to follow the registry or a region; POST: subscribe (from this page or a
    person's or case's page), then on to the page that says a message is on its way.

    No CSRF token: the POST acts on no one's authority (anyone may ask, the address's owner
    confirms by the e-mailed link), and a token in the form on every person's and case's page
    would keep those pages out of the page cache (core/page_cache.py) and nginx's micro-cache."""
    if request.method != "POST":
        return render(request, "publishing/follow.html", {"regions": _regions()})
    try:
        services.subscription_request(
            email=request.POST.get("email", ""),
            scope=request.POST.get("scope", ""),
            slug=request.POST.get("target", ""),
            language=translation.get_language(),
        )
    except ValidationError as error:
        context = {
            "regions": _regions(),
            "errors": error.messages,
            "email": request.POST.get("email", ""),
        }
        return render(request, "publishing/follow.html", context, status=400)
    # Redirected: the page that says a message is on its way is the same for everyone, so the
    # caches answer it; the sign-up itself renders nothing (bench/marathon_bench.py).
    return redirect("publishing:follow_sent")


def follow_sent(request):
    return render(request, "publishing/follow_sent.html")


def _regions():
    return [region for region in selectors.Region.objects.all() if selectors.is_public(region)]


def confirm(request, token):
    """GET shows a button (a mail scanner following the link must not confirm); POST confirms."""
    try:
        if request.method != "POST":
            selectors.subscription_to_confirm(token=token)
            return render(request, "publishing/confirm.html")
        subscription = services.subscription_confirm(token=token)
    except BadLink as error:
        return _link_problem(request, error)
    except ValidationError as error:
        return render(
            request, "publishing/link_problem.html", {"message": error.messages[0]}, status=409
        )
    return render(request, "publishing/confirmed.html", {"subscription": subscription})


def manage(request, token):
    try:
        if request.method == "POST":
            ended = services.subscription_end(
                token=token,
                everything=bool(request.POST.get("everything")),
                key=request.POST.get("key", ""),
            )
            if ended:
                messages.success(request, _("You are unsubscribed. Your address is deleted."))
        subscriptions = services.subscriptions_of(token=token)
    except BadLink as error:
        return _link_problem(request, error)
    if request.method == "POST":
        return redirect(request.path)
    return render(
        request, "publishing/manage.html", {"subscriptions": subscriptions, "token": token}
    )


@csrf_exempt
def unsubscribe(request, token):
    """GET shows a button (a link checker must not unsubscribe anyone); POST, from that button
    or from a mail program's one-click unsubscribe (RFC 8058), deletes the subscription."""
    try:
        if request.method != "POST":
            services.subscriptions_of(token=token)
            return render(request, "publishing/unsubscribe.html")
        services.subscription_end(token=token)
    except BadLink as error:
        return _link_problem(request, error)
    return render(request, "publishing/unsubscribed.html")


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: /{code}/alerts/" for code, _name in settings.LANGUAGES),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


SCOPES = Subscription.Scope


def news_image(request, name):
    """A news post's image at /media/news/<name>, only while the public may see it."""
    image = selectors.news_image_public(name=media_name("news", name))
    if image is None:
        raise Http404
    return media_response(image)
