"""Small key-derivation costs for the whole test session; the application's own in the tests of them.

The application makes guessing slow on purpose: argon2id at 64 MiB and t=3 for every password
(about 0.1-0.25 s of CPU per hash or check) and 600,000 PBKDF2 rounds for every key file (about
0.15 s per key written or opened). The suite signs in, signs and opens keys thousands of times, so
tests/conftest.py lowers both for the test process (`use_small_costs`): every sign-in is still a
real argon2 verification and every key file a real PBES2 file, only cheaper. Verification reads the
cost from each stored hash and key file, so the application's code paths are the same.

The application's costs are what tests/security/test_passwords.py, tests/services/
test_authentication.py and tests/certificates/test_key_file_cost.py check, inside
`application_costs()`. Subprocesses (`python -m labapp ...`, the printed demo) always run at the
application's costs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher

from labapp.certificates import pki
from labapp.security import passwords

APPLICATION_HASHER = passwords._HASHER
APPLICATION_ROUNDS = pki.PBKDF2_ROUNDS
SMALL_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
SMALL_ROUNDS = 1_000


def use_small_costs() -> None:
    """For the whole test process (tests/conftest.py, at start-up)."""
    passwords._HASHER = SMALL_HASHER
    pki.PBKDF2_ROUNDS = SMALL_ROUNDS


@contextmanager
def application_costs() -> Iterator[None]:
    """The application's own costs inside, the small ones again afterwards."""
    passwords._HASHER, pki.PBKDF2_ROUNDS = APPLICATION_HASHER, APPLICATION_ROUNDS
    try:
        yield
    finally:
        use_small_costs()
