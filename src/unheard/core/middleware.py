"""Request middleware of the project."""

from reversion.middleware import RevisionMiddleware as ReversionRevisionMiddleware


class RevisionMiddleware(ReversionRevisionMiddleware):
    """Records who changed what during a request, without making the request one transaction.

    django-reversion's middleware wraps each POST in `transaction.atomic()` by default. On SQLite
    (IMMEDIATE transactions) that takes the database's write lock when the request starts and
    holds it while the view checks uploaded images or renders a PDF: twenty supporters sending
    photos at once then wait on each other until "database is locked". Every write already runs
    in its own short transaction (services, admin views), so the request need not be one.
    """

    atomic = False
