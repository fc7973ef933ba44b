"""Public petition pages. Views parse the request, call one selector or service, and render."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from unheard.core.http import client_ip
from unheard.petitions import selectors, services
from unheard.petitions.forms import SignatureForm
from unheard.petitions.models import Petition


def _language() -> str:
    return (get_language() or "en")[:2]


def _petition(slug: str) -> Petition:
    try:
        return selectors.petition_public(slug=slug)
    except Petition.DoesNotExist as missing:
        raise Http404 from missing


def petition_list(request):
    return render(request, "petitions/list.html", {"petitions": selectors.petitions_public()})


@never_cache
@require_http_methods(["GET", "POST"])
def petition_detail(request, slug):
    petition = _petition(slug)
    form = SignatureForm(request.POST or None, language=_language())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.signature_submit(
                    petition=petition,
                    language=_language(),
                    ip=client_ip(request),
                    **form.cleaned_data,
                )
            except services.SignatureRefused as refusal:
                form.add_error(None, refusal.message)
            except ValidationError as invalid:
                form.add_error(None, invalid)
            else:
                return redirect("petitions:signed", slug=petition.slug)
    context = {
        "petition": petition,
        "progress": selectors.petition_progress(petition),
        "signers": selectors.signatures_shown(petition=petition),
        "form": form,
    }
    return render(request, "petitions/detail.html", context, status=status)


def petition_signed(request, slug):
    return render(request, "petitions/signed.html", {"petition": _petition(slug)})


@never_cache
@require_http_methods(["GET", "POST"])
def signature_confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links do not sign for anyone."""
    try:
        signature = services.signature_for_token(token=token)
        if request.method == "POST":
            signature = services.signature_confirm(token=token)
            return render(request, "petitions/confirmed.html", {"petition": signature.petition})
    except services.ConfirmationError as problem:
        status = 404 if problem.code == "invalid" else 410
        return render(request, "petitions/link_problem.html", {"problem": problem}, status=status)
    return render(request, "petitions/confirm.html", {"petition": signature.petition})
