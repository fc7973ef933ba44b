"""The audit log shows its action codes by human labels in the site's languages (walk B11)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from unheard.core.audit import audit_log
from unheard.core.audit_labels import ACTION_LABELS, action_label

SOURCE = Path(__file__).resolve().parents[2] / "src" / "unheard"
# action="person_update", _audit("letter_take", …), _audit_refusal("login_failed", …)
CODE = re.compile(r'(?:\baction=|_audit\(|_audit_refusal\()\s*"([a-z][a-z0-9_]+)"')


def codes_written_in_the_source() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" not in path.parts and "management" not in path.parts:
            found |= set(CODE.findall(path.read_text()))
    return found


def test_every_action_code_in_the_source_has_a_label():
    assert codes_written_in_the_source() - set(ACTION_LABELS) == set()


def test_labels_are_translated_and_unknown_codes_are_still_readable():
    with translation.override("ru"):
        assert action_label("second_factor_enrol") == "второй фактор подключён"
        assert action_label("charge_delete") == "charge: удалено"
    with translation.override("de"):
        assert action_label("proposal_submit") == "Aktion von Besuchern vorgeschlagen"
    assert action_label("something_new") == "something new"


@pytest.mark.django_db
def test_the_log_lists_and_filters_by_label(admin_client, admin_user):
    audit_log(acting_user=admin_user, action="notable_signatory_add", record=admin_user)
    page = admin_client.get(reverse("admin:core_auditentry_changelist")).content.decode()
    assert "notable signatory added" in page and ">notable_signatory_add<" not in page
    filtered = admin_client.get(
        reverse("admin:core_auditentry_changelist") + "?action=notable_signatory_add"
    )
    assert filtered.status_code == 200 and "notable signatory added" in filtered.content.decode()
