"""Password rules: at least 12 characters, and no common or cause word dressed up."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize(
    "password",
    [
        "prisoner",  # the measured case: accepted before
        "Pr1s0ner2024!!",
        "svobodasvoboda",
        "Navalny-2024-Navalny",
        "P@ssword12345",
        "короткий",
        "4815162342000",
    ],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["paper lantern orbit cactus", "Wq8#vN2!pLz6xR"])
def test_long_unrelated_passwords_pass(password):
    validate_password(password)


def test_the_reason_is_given(db):
    with pytest.raises(ValidationError) as refused:
        validate_password("Solidarity!2025")
    assert "password_common_word" in {error.code for error in refused.value.error_list}
