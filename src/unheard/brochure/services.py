"""Brochures from the back office: an editor asks, a background task renders and stores the PDF.

`brochure_request` checks the language and the selection at once (an unknown language, no case
and no person, an unknown slug, a selection with no published person are refused with a
message and nothing is written), then queues the task after the commit; `brochure_job_run`
(the task) renders the brochure with `build.brochure_render` and keeps the PDF on the job.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unheard.brochure.build import BrochureRefused, brochure_render, chapters
from unheard.brochure.models import BrochureJob
from unheard.core.audit import audit_log, creation_summary


def selection_check(*, language: str, case_slugs: Sequence[str], person_slugs: Sequence[str]):
    """Refuse (`ValidationError`) a language or a selection no brochure can be made of."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Unknown language: %(codes)s.") % {"codes": language})
    if not case_slugs and not person_slugs:
        raise ValidationError(_("Choose at least one case or one person."))
    try:
        with translation.override(language):
            found, _sources = chapters(case_slugs=case_slugs, person_slugs=person_slugs)
    except BrochureRefused as error:
        raise ValidationError(str(error)) from error
    if not found:
        raise ValidationError(_("The selection holds no published person: nothing to print."))


@transaction.atomic
def brochure_request(
    *, language: str, case_slugs: Sequence[str], person_slugs: Sequence[str], acting_user
) -> BrochureJob:
    selection_check(language=language, case_slugs=case_slugs, person_slugs=person_slugs)
    job = BrochureJob.objects.create(
        language=language,
        case_slugs=list(case_slugs),
        person_slugs=list(person_slugs),
        requested_by=acting_user,
    )
    audit_log(
        acting_user=acting_user,
        action="brochure_request",
        record=job,
        summary=creation_summary(job, ["language", "case_slugs", "person_slugs"]),
    )
    from unheard.brochure.tasks import build_brochure

    transaction.on_commit(lambda: build_brochure.enqueue(job.pk))
    return job


def brochure_job_run(*, job_id: int) -> BrochureJob:
    """Render a queued brochure (slow: outside any write transaction) and keep the PDF."""
    job = BrochureJob.objects.get(pk=job_id)
    if job.status != BrochureJob.Status.QUEUED:
        return job
    try:
        pdf = brochure_render(
            language=job.language, case_slugs=job.case_slugs, person_slugs=job.person_slugs
        )
    except BrochureRefused as error:
        return _finish(job, status=BrochureJob.Status.FAILED, message=str(error))
    name = f"brochure-{job.language}-{job.pk}.pdf"
    return _finish(
        job, status=BrochureJob.Status.DONE, content=pdf.content, name=name, pages=pdf.pages
    )


@transaction.atomic
def _finish(job: BrochureJob, *, status: str, message: str = "", content=None, name="", pages=None):
    if content is not None:
        job.pdf.save(name, ContentFile(content), save=False)
    job.status, job.message, job.pages = status, message, pages
    job.finished_at = timezone.now()
    job.save()
    audit_log(
        acting_user=None,
        action="brochure_finish",
        record=job,
        summary={"status": status, "pages": pages, "message": message},
    )
    return job
