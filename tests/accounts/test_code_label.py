"""The one-time code field is a code, not a code of law (walk X1)."""

from django.utils import translation

from unheard.accounts.forms import CodeForm


def test_the_sign_in_code_is_not_a_legal_code():
    labels = {}
    for language in ("ru", "de", "fr"):
        with translation.override(language):
            labels[language] = str(CodeForm().fields["code"].label)
    assert labels == {"ru": "Код", "de": "Code", "fr": "Code"}
