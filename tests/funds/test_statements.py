"""Bank statements (CSV and CAMT.053): credits matched to campaigns by their payment reference,
the rest kept for matching by hand; imported once, all or nothing."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError

from tests.funds.conftest import DAY, csv_bytes, make_campaign
from unheard.funds import imports, services
from unheard.funds.models import Donation, DonationImport, StatementEntry
from unheard.funds.money import Money
from unheard.funds.selectors import campaign_progress

pytestmark = pytest.mark.django_db
CAMT = Path(__file__).with_name("data") / "camt053_sample.xml"


@pytest.fixture
def treasurer(db):
    user = User.objects.create_user("treasurer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_donation"))
    return User.objects.get(pk=user.pk)


def camt(reference: str) -> bytes:
    return CAMT.read_text().replace("{reference}", reference).encode()


def preview(data, user, layout="auto"):
    return services.donations_import_preview(
        data=data, file_name="statement", layout=layout, options={}, acting_user=user
    )


def test_a_camt_statement_records_the_credit_whose_reference_names_the_campaign(rates, treasurer):
    campaign = make_campaign(payment_reference="UH-7KQ2MX")
    batch = preview(camt("uh-7kq2mx"), treasurer)  # banks may change the case
    assert batch.layout == DonationImport.Layout.CAMT053
    assert batch.summary["new"] == 1 and batch.summary["unmatched"] == 1
    assert batch.summary["skipped"] == 2  # the debit and the pending credit
    codes = {row["transaction_id"]: [p["code"] for p in row["problems"]] for row in batch.problems}
    assert codes["E2E-7781"] == ["unmatched"]
    assert ["debit"] in codes.values() and ["pending"] in codes.values()

    counts = services.donations_import_apply(batch=batch, acting_user=treasurer)
    assert counts["imported"] == 1
    donation = Donation.objects.get()
    assert (donation.campaign, donation.money) == (campaign, Money.of("50.00", "EUR"))
    assert (donation.transaction_id, donation.channel) == ("BANKREF-0001", "bank_transfer")
    assert campaign_progress(campaign=campaign).raised == Money.of("50.00", "EUR")
    waiting = StatementEntry.objects.get()
    assert (waiting.payer, waiting.reference) == ("Jean Dupont", "pour les prisonniers")
    assert waiting.donation is None


def test_importing_the_same_statement_twice_adds_nothing(rates, treasurer):
    make_campaign(payment_reference="UH-7KQ2MX")
    services.donations_import_apply(
        batch=preview(camt("UH-7KQ2MX"), treasurer), acting_user=treasurer
    )
    again = preview(camt("UH-7KQ2MX"), treasurer)
    assert again.summary["exists"] == 2 and again.summary["new"] == 0
    assert again.summary["unmatched"] == 0
    services.donations_import_apply(batch=again, acting_user=treasurer)
    assert Donation.objects.count() == 1 and StatementEntry.objects.count() == 1


def test_a_bank_csv_without_transaction_ids_is_imported_once(rates, treasurer):
    campaign = make_campaign(payment_reference="UH-ABCDEF")
    header = ["Date", "Amount", "Currency", "Reference", "Payer"]
    rows = [
        [DAY.isoformat(), "10.00", "EUR", "Gift UH ABCDEF", "A"],
        # Two identical gifts on one day are two gifts.
        [DAY.isoformat(), "5.00", "EUR", "UH-ABCDEF", "B"],
        [DAY.isoformat(), "5.00", "EUR", "UH-ABCDEF", "B"],
        [DAY.isoformat(), "-3.00", "EUR", "fee", ""],
        [DAY.isoformat(), "7.00", "EUR", "no reference at all", "C"],
    ]
    data = csv_bytes(header, rows)
    batch = preview(data, treasurer)
    assert batch.layout == DonationImport.Layout.BANK_CSV
    assert (batch.summary["new"], batch.summary["unmatched"], batch.summary["skipped"]) == (3, 1, 1)
    services.donations_import_apply(batch=batch, acting_user=treasurer)
    assert campaign_progress(campaign=campaign).raised == Money.of("20.00", "EUR")
    again = preview(data, treasurer)
    assert again.summary["exists"] == 4 and again.summary["new"] == 0


def test_a_bad_row_in_a_statement_imports_nothing(rates, treasurer):
    make_campaign(payment_reference="UH-ABCDEF")
    header = ["date", "amount", "currency", "reference"]
    data = csv_bytes(
        header,
        [[DAY.isoformat(), "10.00", "EUR", "UH-ABCDEF"], ["yesterday", "10.00", "EUR", "x"]],
    )
    batch = preview(data, treasurer)
    assert batch.summary["error"] == 1
    with pytest.raises(services.ImportRefused):
        services.donations_import_apply(batch=batch, acting_user=treasurer)
    assert Donation.objects.count() == 0 and StatementEntry.objects.count() == 0


def test_a_file_that_is_not_a_statement_is_refused_with_a_reason(treasurer):
    batch = preview(b"<?xml version='1.0'?><html><body/></html>", treasurer)
    assert [p["code"] for p in batch.summary["file_problems"]] == ["camt_not_a_statement"]
    broken = preview(b"<Document><BkToCstmrStmt>", treasurer)
    assert [p["code"] for p in broken.summary["file_problems"]] == ["camt_unreadable"]


def test_an_entity_bomb_is_not_expanded(treasurer):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Document><BkToCstmrStmt>&b;</BkToCstmrStmt></Document>'
    )
    batch = preview(bomb, treasurer)
    assert [p["code"] for p in batch.summary["file_problems"]] == ["camt_unreadable"]


def test_the_treasurer_assigns_an_unmatched_credit_to_a_campaign(rates, treasurer):
    campaign = make_campaign(payment_reference="UH-7KQ2MX")
    services.donations_import_apply(batch=preview(camt("none"), treasurer), acting_user=treasurer)
    waiting = list(StatementEntry.objects.order_by("transaction_id"))
    assert len(waiting) == 2
    donations = services.statement_entries_assign(
        entries=waiting, campaign=campaign, acting_user=treasurer
    )
    assert len(donations) == 2
    assert campaign_progress(campaign=campaign).raised == Money.of("70.00", "EUR")
    assert all(e.donation_id for e in StatementEntry.objects.all())
    with pytest.raises(ValidationError):
        services.statement_entries_assign(entries=waiting, campaign=None, acting_user=treasurer)
    assert Donation.objects.count() == 2


def test_assigning_needs_the_permission_to_record_donations(rates, treasurer):
    services.donations_import_apply(batch=preview(camt("none"), treasurer), acting_user=treasurer)
    clerk = User.objects.create_user("clerk", is_staff=True)
    with pytest.raises(Exception, match="permission"):
        services.statement_entries_assign(
            entries=list(StatementEntry.objects.all()), campaign=None, acting_user=clerk
        )
    assert Donation.objects.count() == 0


def test_a_reference_inside_longer_text_matches_only_one_campaign():
    references = {"UH7KQ2MX": "a", "UHABCDEF": "b"}
    assert imports.campaign_for_reference("Spende UH-7KQ2MX danke", references) == "a"
    assert imports.campaign_for_reference("UH-7KQ2MX and UH-ABCDEF", references) == ""
    assert imports.campaign_for_reference("", references) == ""


def test_each_campaign_gets_its_own_reference(db):
    first, second = make_campaign("a"), make_campaign("b")
    assert first.payment_reference != second.payment_reference
    assert first.payment_reference.startswith("UH-") and len(first.payment_reference) == 9
