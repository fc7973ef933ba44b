"""The site's own pages: about, contact, privacy. What they state comes from settings."""

from django.conf import settings
from django.shortcuts import render


def about(request):
    return render(request, "core/about.html")


def contact(request):
    context = {
        "email": settings.UNHEARD_CONTACT_EMAIL,
        "address": settings.UNHEARD_CONTACT_ADDRESS,
        "url": settings.UNHEARD_CONTACT_URL,
    }
    return render(request, "core/contact.html", context)


def privacy(request):
    """The retention periods shown are the ones the site applies (see docs/letters.md)."""
    context = {
        "letter_retention_days": settings.UNHEARD_LETTER_RETENTION_DAYS,
        "confirmation_hours": settings.UNHEARD_LETTER_CONFIRMATION_HOURS,
    }
    return render(request, "core/privacy.html", context)
