import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from unheard.core.models import PublicationState
from unheard.publishing.models import NewsPost


@pytest.fixture
def person(db):
    """A published person held in a published facility, on a published case."""
    held = f.writable_person()
    case = f.published(f.sourced(f.CaseFactory()))
    f.defendant(held, case)
    return held


def news(*, language="en", published=True, title="", **links):
    post = NewsPost.objects.create(
        language=language,
        title=title or f"Hearing postponed ({language})",
        slug=f"hearing-postponed-{language}-{NewsPost.objects.count()}",
        lead="The court postponed the hearing.",
        body="<p>The court <strong>postponed</strong> the hearing.</p>",
    )
    for name, records in links.items():
        getattr(post, name).set(records)
    if published:
        NewsPost.objects.filter(pk=post.pk).update(
            publication_state=PublicationState.PUBLISHED, published_at=timezone.now()
        )
        post.refresh_from_db()
    return post


def recent(days: int = 1) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)
