from datetime import UTC, datetime, timedelta

import pytest
from costs import application_costs

from labapp.security import passwords
from labapp.security.common_passwords import common_passwords, is_common
from labapp.security.passwords import (
    LockoutPolicy,
    PasswordPolicy,
    PasswordPolicyError,
    hash_password,
    needs_rehash,
    spend_one_verification,
    verify_password,
)


@pytest.fixture(scope="module", autouse=True)
def _application_costs():
    """This module checks the application's own argon2 cost (tests/costs.py)."""
    with application_costs():
        yield


def test_hash_is_argon2id_salted_and_verifies():
    first, second = hash_password("Correct-Horse-9"), hash_password("Correct-Horse-9")
    assert first.startswith("$argon2id$v=19$m=65536,t=3,p=2$")
    assert first != second  # a fresh salt each time
    assert verify_password(first, "Correct-Horse-9")
    assert not verify_password(first, "correct-horse-9")
    assert not verify_password("not a hash", "Correct-Horse-9")
    assert not needs_rehash(first)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short-1", "at least 12 characters"),
        ("Password12", "at least 12 characters"),  # the issue's example: 10 characters, 3 classes
        ("Lithium-Ni1", "at least 12 characters"),  # 11 characters
        ("alllowercaseletters", "mix at least 3"),
        ("NoDigitsOrSymbols", "mix at least 3"),
        ("Tech-Alice-2026", "must not contain the user name"),
    ],
)
def test_policy_rejects_with_the_rule_named(password, message):
    with pytest.raises(PasswordPolicyError, match=message):
        PasswordPolicy().check(password, username="alice")


@pytest.mark.parametrize(
    "password",
    ["password1234", "PASSWORD1234", "Password1234", "qwertyuiop12", "QwertyUiop12", "Password123!",
     "P@ssw0rd1234", "Welcome12345", "Qwerty123456", "Administrator1"],
)
def test_policy_rejects_long_common_passwords_whatever_their_case(password):
    assert len(password) >= 12
    with pytest.raises(PasswordPolicyError, match="list of common passwords"):
        PasswordPolicy().check(password, username="alice")


def test_the_bundled_list_is_large_case_folded_and_names_the_issues_examples():
    listed = common_passwords()
    assert len(listed) >= 500
    assert {"password12", "password1234", "qwertyuiop12", "123456", "iloveyou"} <= listed
    assert all(entry == entry.casefold() and entry.strip() == entry and entry for entry in listed)
    assert not any(entry.startswith("#") for entry in listed)
    assert is_common("PassWord12") and not is_common("Lithium-Nickel-42")


@pytest.mark.parametrize("password", ["Lithium-Nickel-42", "Kobalt-Mangan-2026", "Correct-Horse-9x"])
def test_policy_accepts_a_good_password(password):
    PasswordPolicy().check(password, username="alice")


def test_a_spent_verification_costs_one_argon2_check_and_never_matches(monkeypatch):
    calls = []
    real = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password", lambda h, p: calls.append(h) or real(h, p))
    assert spend_one_verification("Lithium-Nickel-42") is False
    assert len(calls) == 1 and calls[0].startswith("$argon2id$v=19$m=65536,t=3,p=2$")


def test_lockout_after_the_fifth_failure_for_fifteen_minutes():
    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    policy = LockoutPolicy()
    attempts, until = 0, None
    for _ in range(4):
        attempts, until = policy.after_failure(attempts, now)
        assert until is None
    attempts, until = policy.after_failure(attempts, now)
    assert attempts == 5 and until == now + timedelta(minutes=15)
    assert policy.is_locked(until, now + timedelta(minutes=14, seconds=59))
    assert not policy.is_locked(until, now + timedelta(minutes=15))
