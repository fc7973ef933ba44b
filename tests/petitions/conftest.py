import pytest

from unheard.core.models import PublicationState
from unheard.petitions import services
from unheard.petitions.models import Petition, PetitionTarget


@pytest.fixture
def petition(db):
    petition = services.petition_create(
        data={
            "slug": "free-them",
            "title_en": "Free the prisoners of the test case",
            "text_en": "We call on the embassy to pass on our demand.",
            "goal": 4,
            "publication_state": PublicationState.PUBLISHED,
        },
        acting_user=None,
    )
    services.target_add(
        petition=petition,
        data={"kind": PetitionTarget.Kind.EMBASSY, "name_en": "Embassy of Russia in Berlin"},
        acting_user=None,
    )
    return petition


@pytest.fixture
def draft_petition(db):
    return services.petition_create(
        data={"slug": "draft-one", "title_en": "Draft petition", "text_en": "Not yet."},
        acting_user=None,
    )


def sign(client, petition, lang="en", ip="198.51.100.7", **extra):
    data = {
        "name": "Anna Example",
        "city": "Leipzig",
        "country": "DE",
        "email": "anna@example.org",
        "show_publicly": "on",
    }
    data.update(extra)
    return client.post(f"/{lang}/petitions/{petition.slug}/", data, REMOTE_ADDR=ip)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what services leave for after the commit (the e-mail tasks) when the block ends."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def open_petition(petition) -> Petition:
    return Petition.objects.get(pk=petition.pk)
