"""Background work (django-tasks): pulling the peers' feeds."""

from __future__ import annotations

from django_tasks import task


@task()
def pull_peers(peer_ids: list[int] | None = None) -> dict[str, str]:
    """Pull every active peer (or those named); one refused feed does not stop the others.
    Returns each peer's result, as also kept on the peer."""
    from django.core.exceptions import ValidationError

    from unheard.sharing.models import Peer
    from unheard.sharing.services import peer_pull, system_user

    peers = Peer.objects.filter(is_active=True)
    if peer_ids is not None:
        peers = Peer.objects.filter(pk__in=peer_ids)
    results = {}
    for peer in peers:
        try:
            results[peer.name] = str(peer_pull(peer=peer, acting_user=system_user()))
        except ValidationError as error:
            results[peer.name] = " ".join(error.messages)
    return results
