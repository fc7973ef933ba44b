"""Reads of the sharing app for the back office."""

from __future__ import annotations

from unheard.sharing.models import Conflict


def conflicts_open_count(user) -> int:
    """Conflicts waiting for an editor (a `WaitingCount` on the back-office home)."""
    return Conflict.objects.filter(resolution=Conflict.Resolution.OPEN).count()
