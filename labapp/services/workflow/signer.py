"""Who a signature dialog proposes as signer: the session's user when that person may sign the step
now (permission, run state and four eyes), otherwise nobody, so the reviewer or QA manager at the
bench types their own user name. A proposal only: the signature checks all of it again."""

from __future__ import annotations

from pathlib import Path

from labapp.security.roles import Action, allowed
from labapp.services.administration.authentication import (
    AuthenticatedUser,
    authenticate,
    refusal_audited,
)
from labapp.services.administration.keys import keystore
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import SIGN_PERMISSION, SignAction, find_run, may_sign


def proposed_signer(
    ctx: ServiceContext, run: int | str, action: SignAction | str, user: AuthenticatedUser | None
) -> str:
    """`user`'s name if `user` may sign `action` on `run` now, else ""."""
    step = SignAction(action)
    if user is None or not allowed(user.current_roles(), SIGN_PERMISSION[step]):
        return ""
    with ctx.read_session() as session:
        return user.username if may_sign(session, find_run(session, run), step, user) else ""


def proposed_issuer(user: AuthenticatedUser | None) -> str:
    """`user`'s name if `user` may issue certificates, else ""."""
    return (
        user.username if user is not None and allowed(user.current_roles(), Action.ISSUE_CERTIFICATE) else ""
    )


def signing_issuer(
    ctx: ServiceContext,
    username: str,
    password: str,
    key_passphrase: str | bytes,
    keys_folder: str | Path | None = None,
) -> AuthenticatedUser:
    """`signing_user` for issuing certificates, with the issuer's key opened by its passphrase too, so
    a wrong passphrase (or a revoked key) is refused while the dialog is still open, not after it
    closed; issuing opens the key again. A refusal is audited as any refused signature."""
    user = signing_user(ctx, username, password, Action.ISSUE_CERTIFICATE)
    secret = key_passphrase.encode() if isinstance(key_passphrase, str) else key_passphrase
    with refusal_audited(ctx, user.username):
        keystore(keys_folder or None, ctx).load_signer(user.username, secret)
    return user


def signing_user(ctx: ServiceContext, username: str, password: str, action: Action) -> AuthenticatedUser:
    """The person signing, authenticated by both components and holding the permission (raises
    AuthenticationError or PermissionDenied, one line; a failure is audited and counts towards the
    lockout like any signature attempt)."""
    user = authenticate(ctx, username, password, purpose="signature")
    with refusal_audited(ctx, user.username):
        user.require(action)
    return user
