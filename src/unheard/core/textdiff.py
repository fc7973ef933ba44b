"""What changed in a text, word by word, for the back office's history and diffs."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Unchanged words kept on each side of a change; longer unchanged runs are shortened to "…".
CONTEXT_WORDS = 8
ELLIPSIS = "…"


def _tokens(text: str) -> list[str]:
    """Each word with the spaces before it, so that joining the tokens gives the text back."""
    return re.findall(r"\s*\S+|\s+", text)


def inline_diff(old: str, new: str, *, context: int = CONTEXT_WORDS) -> SafeString:
    """`old` changed into `new`: removed words in <del>, added words in <ins>, both escaped;
    unchanged text is shortened to `context` words around each change."""
    old_tokens, new_tokens = _tokens(str(old)), _tokens(str(new))
    opcodes = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes()
    parts = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            kept = _shortened(
                old_tokens[i1:i2],
                before=index > 0,
                after=index < len(opcodes) - 1,
                context=context,
            )
            parts.append(escape(kept))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(old_tokens[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(new_tokens[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def _shortened(tokens: list[str], *, before: bool, after: bool, context: int) -> str:
    """An unchanged run: kept next to the changes it touches, the middle left out."""
    if len(tokens) <= context * (before + after):
        return "".join(tokens)
    head = "".join(tokens[:context]) if before else ""
    tail = "".join(tokens[-context:]) if after else ""
    return f"{head}{ELLIPSIS}{tail}"
