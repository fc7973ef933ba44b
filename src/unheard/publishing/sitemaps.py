"""sitemap.xml: every public page, in four languages, each with its `hreflang` alternates.

Pages that exist in every language (people, cases, facilities, the site's own pages) are listed
once per language with `<xhtml:link rel="alternate" hreflang=…>` to the others and `x-default`;
a news post is written in one language and is listed once, at its own address.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from unheard.publishing import selectors
from unheard.registry.models import Case, Facility, Person

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    languages = LANGUAGE_CODES
    limit = 5000


class RecordSitemap(TranslatedSitemap):
    model = Person

    def items(self):
        return self.model.objects.public().order_by("pk")

    def lastmod(self, record):
        return record.updated_at


class PeopleSitemap(RecordSitemap):
    model = Person
    priority = 0.8


class CasesSitemap(RecordSitemap):
    model = Case


class FacilitiesSitemap(RecordSitemap):
    model = Facility
    priority = 0.4


class SitePagesSitemap(TranslatedSitemap):
    """The lists and the site's own pages."""

    PAGES = (
        "registry:home",
        "registry:person_list",
        "registry:code_list",
        "publishing:news_list",
        "publishing:follow",
        "core:about",
        "core:contact",
        "core:privacy",
    )

    def items(self):
        return list(self.PAGES)

    def location(self, name):
        return reverse(name)


class NewsSitemap(Sitemap):
    def items(self):
        return selectors.news_public()

    def lastmod(self, post):
        return post.updated_at


SITEMAPS = {
    "pages": SitePagesSitemap,
    "people": PeopleSitemap,
    "cases": CasesSitemap,
    "facilities": FacilitiesSitemap,
    "news": NewsSitemap,
}
