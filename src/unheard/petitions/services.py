"""Writes to petitions and their signatures: validated and audited in one transaction each.

Signing (the policy): anyone may sign an open petition with a name, a country, perhaps a city,
and an e-mail address. The signature counts only once its signer opens the link we e-mail them;
one signature per e-mail address per petition, enforced by the database, so that a second
submission (even one arriving at the same moment) only sends the link again. A closed or
delivered petition refuses new signatures with a message. One address — network or e-mail —
may sign once a minute and `UNHEARD_PETITION_DAILY_LIMIT` times a day. Audit rows record that a
signature was given or confirmed, never who gave it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unheard.core.audit import audit_log, change_summary, creation_summary
from unheard.core.ratelimit import rate_limit_record, rate_limited
from unheard.core.services import editable_fields, model_create, model_update, revision
from unheard.petitions.countries import country_names
from unheard.petitions.models import Delivery, NotableSignatory, Petition, PetitionTarget, Signature

CONFIRMATION_LIFETIME = dt.timedelta(days=7)
REFUSED = {
    Petition.Status.CLOSED: gettext_lazy("This petition is closed: it takes no more signatures."),
    Petition.Status.DELIVERED: gettext_lazy(
        "This petition has been delivered: it takes no more signatures."
    ),
}


class SignatureRefused(Exception):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def token_digest(raw: str) -> str:
    return hashlib.sha256((raw or "").encode()).hexdigest()


# Petitions ---------------------------------------------------------------------------------


@transaction.atomic
def petition_create(*, data: Mapping[str, Any], acting_user) -> Petition:
    fields = editable_fields(Petition)
    with revision(acting_user=acting_user, comment=_("Created")):
        petition = model_create(model=Petition, fields=fields, data=data)
    summary = creation_summary(petition, [name for name in fields if name in data])
    audit_log(acting_user=acting_user, action="petition_create", record=petition, summary=summary)
    return petition


@transaction.atomic
def petition_update(*, petition: Petition, data: Mapping[str, Any], acting_user) -> Petition:
    with revision(acting_user=acting_user, comment=_("Changed")):
        petition, changes = model_update(
            instance=petition, fields=editable_fields(Petition), data=data
        )
    if changes:
        audit_log(
            acting_user=acting_user,
            action="petition_update",
            record=petition,
            summary=change_summary(petition, changes),
        )
    return petition


def _fact_add(model, *, petition: Petition, data: Mapping[str, Any], acting_user, action: str):
    fields = [name for name in editable_fields(model) if name != "petition"]
    record = model_create(
        model=model, fields=[*fields, "petition"], data={**data, "petition": petition}
    )
    summary = creation_summary(record, [name for name in fields if name in data])
    audit_log(acting_user=acting_user, action=action, record=record, summary=summary)
    return record


@transaction.atomic
def target_add(*, petition: Petition, data: Mapping[str, Any], acting_user) -> PetitionTarget:
    return _fact_add(
        PetitionTarget, petition=petition, data=data, acting_user=acting_user, action="target_add"
    )


@transaction.atomic
def notable_signatory_add(
    *, petition: Petition, data: Mapping[str, Any], acting_user
) -> NotableSignatory:
    return _fact_add(
        NotableSignatory,
        petition=petition,
        data=data,
        acting_user=acting_user,
        action="notable_signatory_add",
    )


@transaction.atomic
def delivery_record(*, petition: Petition, data: Mapping[str, Any], acting_user) -> Delivery:
    """Record a hand-over; the petition is then delivered and takes no more signatures."""
    delivery = _fact_add(
        Delivery, petition=petition, data=data, acting_user=acting_user, action="delivery_record"
    )
    petition_update(
        petition=petition, data={"status": Petition.Status.DELIVERED}, acting_user=acting_user
    )
    return delivery


# Signatures --------------------------------------------------------------------------------


def _signature_checked(*, name: str, city: str, country: str, email: str) -> dict[str, str]:
    errors = {}
    if not name.strip():
        errors["name"] = _("Please give your name.")
    if country not in country_names("en"):
        errors["country"] = _("Choose a country from the list.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if errors:
        raise ValidationError(errors)
    return {"name": name.strip(), "city": city.strip(), "country": country, "email": email.lower()}


@transaction.atomic
def signature_submit(
    *,
    petition: Petition,
    name: str,
    city: str,
    country: str,
    email: str,
    show_publicly: bool,
    language: str,
    ip: str | None,
) -> Signature:
    """Take a signature and e-mail its confirmation link (after the commit). A second signature
    with the same address sends the link again while unconfirmed and changes nothing."""
    if not petition.accepts_signatures:
        raise SignatureRefused(REFUSED[petition.status])
    values = _signature_checked(name=name, city=city, country=country, email=email.strip())
    keys = {"petition-ip": ip or "", "petition-email": values["email"]}
    if rate_limited(keys=keys, daily_limit=settings.UNHEARD_PETITION_DAILY_LIMIT):
        raise SignatureRefused(
            _("Too many signatures from this address. Please try again in a few minutes.")
        )
    rate_limit_record(keys=keys)
    signature = _signature_existing(petition=petition, email=values["email"])
    if signature is None:
        try:
            with transaction.atomic():
                signature = Signature.objects.create(
                    petition=petition, show_publicly=show_publicly, language=language, **values
                )
        except IntegrityError:  # the same address, committed a moment ago
            signature = _signature_existing(petition=petition, email=values["email"])
        else:
            audit_log(
                acting_user=None,
                action="signature_submit",
                record=signature,
                summary={"petition": petition.slug, "status": "unconfirmed"},
            )
    if not signature.is_confirmed:
        transaction.on_commit(lambda: confirmation_enqueue(signature_id=signature.pk))
    return signature


def _signature_existing(*, petition: Petition, email: str) -> Signature | None:
    return Signature.objects.filter(petition=petition, email__iexact=email).first()


def confirmation_enqueue(*, signature_id: int) -> None:
    from unheard.petitions.tasks import send_signature_confirmation

    send_signature_confirmation.enqueue(signature_id=signature_id)


def confirmation_token_issue(*, signature: Signature) -> str:
    """A fresh one-time link for the signer; only its digest is stored."""
    raw = secrets.token_urlsafe(32)
    Signature.objects.filter(pk=signature.pk).update(
        token_hash=token_digest(raw), token_expires_at=timezone.now() + CONFIRMATION_LIFETIME
    )
    return raw


class ConfirmationError(Exception):
    def __init__(self, code: str, message) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


def signature_for_token(*, token: str, lock: bool = False) -> Signature:
    """The unconfirmed signature behind a link; ConfirmationError says why there is none."""
    signatures = Signature.objects.select_related("petition")
    if lock:
        signatures = signatures.select_for_update()
    signature = signatures.filter(token_hash=token_digest(token)).first() if token else None
    if signature is None:
        raise ConfirmationError(
            "invalid",
            _("This link is not valid. Please copy the whole link from the e-mail we sent you."),
        )
    if signature.token_expires_at <= timezone.now():
        raise ConfirmationError("expired", _("This link has expired. Please sign again."))
    return signature


@transaction.atomic
def signature_confirm(*, token: str) -> Signature:
    """Count the signature behind the link. The link works once (its digest is then erased); a
    petition closed in the meantime refuses it."""
    signature = signature_for_token(token=token, lock=True)
    if not signature.petition.accepts_signatures:
        raise ConfirmationError("closed", REFUSED[signature.petition.status])
    signature.is_confirmed = True
    signature.confirmed_at = timezone.now()
    signature.token_hash = ""
    signature.token_expires_at = None
    signature.save(update_fields=["is_confirmed", "confirmed_at", "token_hash", "token_expires_at"])
    audit_log(
        acting_user=None,
        action="signature_confirm",
        record=signature,
        summary={"petition": signature.petition.slug, "status": "confirmed"},
    )
    return signature
