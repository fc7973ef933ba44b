"""Core names no app, in its templates as in its Python (import-linter checks the Python).

Core's templates may load only core's template tag libraries (or Django's), reverse only
non-app URLs and include only core's templates; whatever an app adds, it declares on its
AppConfig (unheard.core.plugins).
"""

import re
from pathlib import Path

import pytest
from django.apps import apps

import unheard

PACKAGE = Path(unheard.__file__).parent
CORE_TEMPLATES = sorted((PACKAGE / "core" / "templates").rglob("*.html"))
TAG = re.compile(r"{%\s*(load|url|include|extends)\s+([^%]*)%}")


def app_labels() -> set[str]:
    return {c.label for c in apps.get_app_configs() if c.name.startswith("unheard.")} - {"core"}


def app_tag_libraries() -> set[str]:
    return {
        path.stem
        for path in PACKAGE.glob("*/templatetags/*.py")
        if path.parts[-3] != "core" and path.stem != "__init__"
    }


def test_core_has_templates_to_check():
    assert any(path.name == "base.html" for path in CORE_TEMPLATES)
    assert {"registry", "letters", "funds"} <= app_labels()
    assert {"registry_display", "funds_display", "letters_tags"} <= app_tag_libraries()


@pytest.mark.parametrize("template", CORE_TEMPLATES, ids=lambda p: p.name)
def test_core_template_names_no_app(template):
    labels, libraries = app_labels(), app_tag_libraries()
    for tag, argument in TAG.findall(template.read_text()):
        first = argument.split()[0].strip("'\"")
        if tag == "load":
            assert not set(argument.split()) & libraries, f"{template.name} loads {argument}"
        elif tag == "url":
            assert first.split(":")[0] not in labels, f"{template.name} reverses {first}"
        else:
            assert first.split("/")[0] not in labels, f"{template.name} {tag}s {first}"
