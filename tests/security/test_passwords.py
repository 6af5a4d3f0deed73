from datetime import UTC, datetime, timedelta

import pytest

from labapp.security.passwords import (
    LockoutPolicy,
    PasswordPolicy,
    PasswordPolicyError,
    hash_password,
    needs_rehash,
    verify_password,
)


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
        ("Short-1", "at least 10 characters"),
        ("alllowercaseletters", "mix at least 3"),
        ("NoDigitsOrSymbols", "mix at least 3"),
        ("Tech-Alice-2026", "must not contain the user name"),
    ],
)
def test_policy_rejects_with_the_rule_named(password, message):
    with pytest.raises(PasswordPolicyError, match=message):
        PasswordPolicy().check(password, username="alice")


def test_policy_accepts_a_good_password():
    PasswordPolicy().check("Lithium-Nickel-42", username="alice")


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
