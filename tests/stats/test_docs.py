"""docs/statistics.md states each figure's definition exactly as the page does."""

from pathlib import Path

from django.utils import translation

from unheard.stats.figures import figures

DOCS = Path(__file__).resolve().parents[2] / "docs" / "statistics.md"


def test_every_definition_is_in_the_docs_word_for_word():
    text = DOCS.read_text(encoding="utf-8")
    with translation.override("en"):
        for figure in figures():
            assert f"### {figure.title} (`{figure.key}`)" in text
            assert str(figure.definition) in text, figure.key
