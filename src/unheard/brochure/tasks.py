"""Background work (django-tasks): rendering a brochure asked for in the back office."""

from __future__ import annotations

from django_tasks import task


@task()
def build_brochure(job_id: int) -> str:
    from unheard.brochure.services import brochure_job_run

    return brochure_job_run(job_id=job_id).status
