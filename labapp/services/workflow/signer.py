"""Who a signature dialog proposes as signer: the session's user when that person may sign the step
now (permission, run state and four eyes), otherwise nobody, so the reviewer or QA manager at the
bench types their own user name. A proposal only: the signature checks all of it again."""

from __future__ import annotations

from labapp.security.roles import Action, allowed
from labapp.services.administration.authentication import (
    AuthenticatedUser,
    authenticate,
    refusal_audited,
)
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


def signing_user(ctx: ServiceContext, username: str, password: str, action: Action) -> AuthenticatedUser:
    """The person signing, authenticated by both components and holding the permission (raises
    AuthenticationError or PermissionDenied, one line; a failure is audited and counts towards the
    lockout like any signature attempt)."""
    user = authenticate(ctx, username, password, purpose="signature")
    with refusal_audited(ctx, user.username):
        user.require(action)
    return user
