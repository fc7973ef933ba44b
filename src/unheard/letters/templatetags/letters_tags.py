"""Template helpers of the letters app for pages it does not own (the person page's help box)."""

from django import template

from unheard.letters import selectors
from unheard.letters.eligibility import letter_eligibility

register = template.Library()


@register.simple_tag
def letters_help(person) -> dict:
    return {
        "eligibility": letter_eligibility(person),
        "counts": selectors.person_letter_counts(person=person),
        "replies": selectors.replies_shown(person=person),
    }
