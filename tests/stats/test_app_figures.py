"""The figures other apps declare (`core.plugins.FigureSource`): letters and replies per month
(letters) and aid given per month (funds), each counted by hand on a small record.

Letters (approved / delivered / replies, by month):
- to Pavel: one approved 10 Jan 2024 then sent and delivered 3 Feb; one approved 25 Jan;
  a reply received 15 Feb.
- to Queenie: one approved 5 Feb, sent back to the author, approved again 1 Mar (counts in
  February); one rejected 7 Feb (never counted); a reply received 2 Mar.
- to Hidden (a draft): one approved 11 Jan and a reply 20 Feb — never counted.
  → 2024-01: 2, 0, 0; 2024-02: 1, 1, 1; 2024-03: 0, 0, 1.
Aid (people helped by kind; 5 is the small-count threshold):
- January 2024: legal assistance to five people (one of them twice), humanitarian aid to a sixth.
- February 2024: family support to one of them.
  → 2024-01: legal 5, humanitarian "fewer than 5", any kind 6; 2024-02: "fewer than 5" twice.
"""

import csv
import datetime as dt
import io

import pytest
from django.utils import translation

from tests.factories import LetterFactory, PersonFactory, writable_person
from unheard.funds.models import AidCategory, AidRecord, Beneficiary
from unheard.letters.models import Letter, LetterStatusChange, Reply
from unheard.stats.selectors import figure_count

pytestmark = pytest.mark.django_db
S = Letter.Status


def moment(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T12:00:00+00:00")


def letter(person, *history: tuple[str, str]) -> Letter:
    """A letter to `person` that went through `history`, (status, ISO day) in order."""
    made = LetterFactory(person=person, status=history[-1][0])
    for status, day in history:
        LetterStatusChange.objects.create(
            letter=made, status=status, at=moment(day), actor=LetterStatusChange.Actor.STAFF
        )
    return made


def reply(person, day: str) -> Reply:
    return Reply.objects.create(
        person=person, received_on=dt.date.fromisoformat(day), transcription="Thank you."
    )


@pytest.fixture
def letters(db):
    pavel, queenie = writable_person(), writable_person()
    hidden = PersonFactory()
    letter(pavel, (S.APPROVED, "2024-01-10"), (S.SENT, "2024-01-20"), (S.DELIVERED, "2024-02-03"))
    letter(pavel, (S.APPROVED, "2024-01-25"))
    letter(
        queenie,
        (S.APPROVED, "2024-02-05"),
        (S.EDIT_REQUESTED, "2024-02-06"),
        (S.APPROVED, "2024-03-01"),
    )
    letter(queenie, (S.IN_MODERATION, "2024-02-06"), (S.REJECTED, "2024-02-07"))
    letter(hidden, (S.APPROVED, "2024-01-11"))
    reply(pavel, "2024-02-15")
    reply(queenie, "2024-03-02")
    reply(hidden, "2024-02-20")
    return pavel


def aid(name: str, kind: str, day: str) -> AidRecord:
    beneficiary, _created = Beneficiary.objects.get_or_create(name=name)
    return AidRecord.objects.create(
        beneficiary=beneficiary,
        category=kind,
        legal_stage=AidRecord.LegalStage.APPEAL if kind == AidCategory.LEGAL else "",
        given_on=dt.date.fromisoformat(day),
        currency="EUR",
    )


@pytest.fixture
def aid_given(db):
    for n, day in enumerate(("01", "03", "05", "09", "12")):
        aid(f"Client {n}", AidCategory.LEGAL, f"2024-01-{day}")
    aid("Client 0", AidCategory.LEGAL, "2024-01-20")
    aid("Client 5", AidCategory.HUMANITARIAN, "2024-01-22")
    aid("Client 1", AidCategory.FAMILY, "2024-02-14")


def lines(key, as_of=None):
    return {line.label: line.values for line in figure_count(key=key, as_of=as_of).lines}


def test_letters_and_replies_per_month(letters):
    assert lines("letters") == {
        "2024-01": (2, 0, 0),
        "2024-02": (1, 1, 1),
        "2024-03": (0, 0, 1),
    }


def test_letters_on_a_past_date_count_what_was_recorded_by_then(letters):
    assert lines("letters", dt.date(2024, 1, 31)) == {"2024-01": (2, 0, 0)}
    assert lines("letters", dt.date(2024, 2, 10)) == {"2024-01": (2, 0, 0), "2024-02": (1, 1, 0)}


def test_a_new_reply_changes_the_cached_letters_figure(letters):
    assert lines("letters")["2024-03"] == (0, 0, 1)
    reply(letters, "2024-03-20")
    assert lines("letters")["2024-03"] == (0, 0, 2)


def test_aid_given_per_month_hides_small_counts_of_people(aid_given):
    assert lines("aid-given") == {
        "2024-01": (5, 0, None, 0, 6),
        "2024-02": (0, 0, 0, None, None),
    }
    assert lines("aid-given", dt.date(2024, 1, 31)) == {"2024-01": (5, 0, None, 0, 6)}


def test_aid_given_measures_are_the_kinds_of_aid_in_order(aid_given):
    counted = figure_count(key="aid-given")
    with translation.override("en"):  # whatever language an earlier test left active
        assert [str(m) for m in counted.figure.measures] == [
            *(str(label) for _kind, label in AidCategory.choices),
            "any kind",
        ]


def test_the_page_csv_api_and_embed_show_small_counts_as_fewer_than(client, aid_given):
    page = client.get("/en/statistics/aid-given/").content.decode()
    assert "<td>fewer than 5</td>" in page and "<td>6</td>" in page
    embed = client.get("/en/statistics/aid-given/embed/")
    assert embed.status_code == 200 and "fewer than 5" in embed.content.decode()
    policy = {part.strip() for part in embed["Content-Security-Policy"].split(";")}
    assert "frame-ancestors *" in policy and "default-src 'self'" in policy
    text = client.get("/en/statistics/aid-given.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "month",
        "legal assistance",
        "help with detention conditions",
        "humanitarian aid",
        "family support",
        "any kind",
    ]
    assert rows[1:] == [
        ["2024-01", "5", "0", "fewer than 5", "0", "6"],
        ["2024-02", "0", "0", "0", "fewer than 5", "fewer than 5"],
    ]
    api = client.get("/api/v1/statistics/aid-given?lang=en").json()
    assert api["small_counts_below"] == 5
    assert api["lines"][0] == {"label": "2024-01", "values": [5, 0, None, 0, 6], "region": None}
    letters_api = client.get("/api/v1/statistics/letters").json()
    assert letters_api["small_counts_below"] is None
