import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def make_staff(db):
    """A staff user holding the given roles (groups)."""

    def make(username: str, *roles: str) -> User:
        user = User.objects.create_user(username=username, password="pw", is_staff=True)
        user.groups.set(Group.objects.filter(name__in=roles))
        return user

    return make


class SMTPMailbox:
    """Messages received by the test SMTP server, parsed, in arrival order; each knows the
    connection it came over (`peer`) and when it arrived (`received_at`, monotonic). Addresses
    put in `refused` are turned away as a busy server does (451, try again later)."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "451 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import email
        import email.policy
        import time

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message.envelope_recipients = list(envelope.rcpt_tos)
        message.peer = session.peer
        message.received_at = time.monotonic()
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0) -> list:
        import time

        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m.envelope_recipients]

    @staticmethod
    def body(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port; Django's SMTP backend sends to it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = SMTPMailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield mailbox
    controller.stop()


@pytest.fixture(autouse=True)
def _default_language():
    """A request to a /ru/ page leaves Russian active in the thread (LocaleMiddleware does not
    undo it), so each test starts with no language activated, whatever ran before it."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _statistics_counted_afresh():
    """Rolling a test's data back sends no signal, so each test starts with a new record version
    and never reads the statistics another test counted."""
    from unheard.core.record_cache import record_changed

    record_changed()
