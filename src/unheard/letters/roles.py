"""What the roles may do with letters (declared on `LettersConfig`).

The letter moderator reads, moderates, translates and delivers letters but never sees their
authors' contacts (`view_author_contact` is the admin's alone); translators translate letters;
organisers prepare the pack of a letter-writing evening.
"""

from unheard.core.plugins import RoleGrant, permissions

LETTER_MODERATION = frozenset(
    f"letters.{codename}"
    for codename in (
        "view_letter",
        "moderate_letter",
        "translate_letter",
        "deliver_letter",
        "prepare_evening_pack",
        "view_deliverybatch",
        "view_reply",
        "add_reply",
        "change_reply",
        "view_letterrules",
        "add_letterrules",
        "change_letterrules",
    )
)

ROLE_GRANTS = (
    RoleGrant(
        "letter moderator",
        LETTER_MODERATION | permissions("registry", ["view"], ["person", "facility"]),
    ),
    RoleGrant("translator", frozenset({"letters.view_letter", "letters.translate_letter"})),
    RoleGrant("organiser", frozenset({"letters.prepare_evening_pack", "letters.view_letterrules"})),
)
