"""The gettext catalogues are complete, consistent with their sources, and compiled."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.utils import translation

from unheard.core.dates import PartialDate

LOCALE = Path(__file__).resolve().parents[2] / "src" / "unheard" / "locale"
LANGUAGES = ["ru", "en", "de", "fr"]
NPLURALS = {"ru": 3, "en": 2, "de": 2, "fr": 2}

# %(name)s, %(count)d, %s, %d (but not the literal "%%"), {name}, and HTML tags.
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]\w*\))?[-#0 +]*\d*(?:\.\d+)?[sdif]|\{[A-Za-z_]\w*\}")
TAG = re.compile(r"</?[A-Za-z][^>]*>")


def load_po(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        return read_po(po_file)


def messages(catalog):
    return [m for m in catalog if m.id]


def forms(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def tokens(pattern: re.Pattern, texts) -> set[str]:
    return {token for text in texts for token in pattern.findall(text.replace("%%", ""))}


@pytest.fixture(params=LANGUAGES)
def catalog(request):
    return request.param, load_po(request.param)


def test_catalogue_has_header_and_plural_forms(catalog):
    language, po = catalog
    assert str(po.locale) == language
    assert po.num_plurals == NPLURALS[language]
    assert not po.fuzzy
    assert messages(po)


def test_every_message_is_translated(catalog):
    language, po = catalog
    untranslated = [m.id for m in messages(po) if not all(forms(m.string))]
    assert untranslated == []
    wrong_plurals = [
        m.id for m in messages(po) if m.pluralizable and len(m.string) != NPLURALS[language]
    ]
    assert wrong_plurals == []


def test_no_fuzzy_entries(catalog):
    _, po = catalog
    assert [m.id for m in messages(po) if m.fuzzy] == []


def test_placeholders_and_tags_are_kept(catalog):
    _, po = catalog
    problems = []
    for m in messages(po):
        source = forms(m.id)
        for pattern in (PLACEHOLDER, TAG):
            expected = tokens(pattern, source)
            for form in forms(m.string):
                found = tokens(pattern, [form])
                if found != expected:
                    problems.append((m.id, form, sorted(expected ^ found)))
    assert problems == []


def test_compiled_catalogue_matches_source(catalog):
    language, po = catalog
    mo_path = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), "run scripts/compile_messages.py"
    with mo_path.open("rb") as mo_file:
        mo = read_mo(mo_file)

    def table(c):
        # read_mo gives contexts as bytes.
        def context(m):
            return m.context.decode() if isinstance(m.context, bytes) else m.context

        return {(context(m), forms(m.id)): forms(m.string) for m in messages(c)}

    assert table(mo) == table(po), "the .mo is stale: run scripts/compile_messages.py"


def test_django_uses_the_compiled_catalogues():
    with translation.override("ru"):
        assert translation.gettext("Review queue") == "Очередь на проверку"
        assert translation.ngettext("%(count)d year", "%(count)d years", 5) == "%(count)d лет"
    with translation.override("de"):
        assert translation.gettext("Review queue") == "Warteschlange zur Prüfung"
    with translation.override("fr"):
        assert translation.gettext("penal colony") == "colonie pénitentiaire"


def test_season_is_localised():
    with translation.override("ru"):
        assert str(PartialDate.parse("autumn 2023")) == "осень 2023"
    with translation.override("de"):
        assert str(PartialDate.parse("autumn 2023")) == "Herbst 2023"
    with translation.override("fr"):
        assert str(PartialDate.parse("winter 2023")) == "hiver 2023"


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="gettext is not installed (apt-get install gettext)"
)
def test_every_ui_string_in_the_code_is_in_the_catalogues(tmp_path):
    """Extract the strings afresh into a copy of the package and compare with the catalogues."""
    package = LOCALE.parent
    copy = tmp_path / "unheard"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "--no-location",
            "-l",
            "ru",
            "-i",
            "migrations/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "unheard.config.settings.test"},
    )
    with (copy / "locale" / "ru" / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        extracted = read_po(po_file)
    # msgmerge fills a new msgid with the translation of a similar one and marks it fuzzy
    # ("Kind of action" got "день действий"): Django ignores fuzzy entries, so they count as missing.
    missing = sorted(str(m.id) for m in messages(extracted) if m.fuzzy or not all(forms(m.string)))
    assert missing == [], "run `make messages` and translate: " + "; ".join(missing[:20])
    for language in LANGUAGES:
        known = {key(m) for m in messages(load_po(language)) if not m.fuzzy}
        absent = sorted(str(k) for k in {key(m) for m in messages(extracted)} - known)
        assert absent == [], f"missing from the {language} catalogue: " + "; ".join(absent[:20])


def key(message) -> tuple:
    return (message.context, forms(message.id))
