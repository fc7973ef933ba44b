from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from unheard.sharing.models import Peer
from unheard.sharing.services import peer_pull, system_user


class Command(BaseCommand):
    help = "Import the signed feeds of the peer instances (all active peers, or one) as drafts."

    def add_arguments(self, parser):
        parser.add_argument("--peer", help="The short name of one peer (pulled even if inactive).")

    def handle(self, *args, peer=None, **options):
        if peer:
            peers = list(Peer.objects.filter(slug=peer))
            if not peers:
                raise CommandError(f"No peer with the short name “{peer}”.")
        else:
            peers = list(Peer.objects.filter(is_active=True))
        refused = []
        for one in peers:
            try:
                report = peer_pull(peer=one, acting_user=system_user())
            except ValidationError as error:
                refused.append(f"{one.name}: {' '.join(error.messages)}")
                continue
            self.stdout.write(f"{one.name}: {report}")
        if refused:
            raise CommandError("\n".join(refused))
