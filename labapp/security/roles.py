"""Roles and the permission matrix: which role may do which action. Services check it; so do tests."""

from __future__ import annotations

from collections.abc import Iterable

from labapp.core.errors import LabappError
from labapp.core.vocabulary import Vocabulary


class Role(Vocabulary):
    """A person's role; stored by value in `users.roles`, shown by its label."""

    TECHNICIAN = "technician", "technician", "分析担当者"
    REVIEWER = "reviewer", "reviewer", "レビュー担当者"
    QA_MANAGER = "qa_manager", "QA manager", "品質保証責任者"
    ADMINISTRATOR = "administrator", "administrator", "システム管理者"


class Action(Vocabulary):
    """What a permission allows; its label names it in a refusal and a disabled action's tooltip."""

    REGISTER_LOTS = "register_lots", "register lots", "ロットの登録"
    EDIT_LOTS = "edit_lots", "edit lots", "ロットの編集"
    IMPORT_RUN = "import_run", "import a run", "測定ランの取込み"
    CALCULATE = "calculate", "calculate", "計算"
    GRADE = "grade", "grade", "格付け"
    EXCLUDE_OR_OVERRIDE = "exclude_or_override", "exclude or override results", "結果の除外・変更"
    SUBMIT = "submit", "submit", "提出"
    REVIEW = "review", "review", "レビュー"
    APPROVE = "approve", "approve", "承認"
    REJECT = "reject", "reject", "差戻し"
    ISSUE_CERTIFICATE = "issue_certificate", "issue certificates", "成績書の発行"
    RETRACT_CERTIFICATE = "retract_certificate", "retract certificates", "成績書の取消"
    MANAGE_USERS = "manage_users", "manage users", "ユーザー管理"
    MANAGE_KEYS = "manage_keys", "manage keys", "署名鍵の管理"
    MANAGE_METHODS = "manage_methods", "manage methods", "分析方法の管理"
    MANAGE_CRITERIA = "manage_criteria", "manage criteria sets", "判定基準セットの管理"
    MANAGE_INSTRUMENT_PROFILES = (
        "manage_instrument_profiles",
        "manage instrument profiles",
        "装置プロファイルの管理",
    )
    VIEW_AUDIT = "view_audit", "view audit trail", "監査証跡の閲覧"
    MANAGE_LABORATORY = "manage_laboratory", "manage laboratory details", "試験所情報の管理"


_T, _R, _Q, _A = Role.TECHNICIAN, Role.REVIEWER, Role.QA_MANAGER, Role.ADMINISTRATOR

# Administrators run the system but sign no data: separating them from the data roles is what
# Annex 11 clause 12 asks for. A person who needs both holds both roles explicitly.
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.REGISTER_LOTS: frozenset({_T, _Q}),
    Action.EDIT_LOTS: frozenset({_T, _Q}),
    Action.IMPORT_RUN: frozenset({_T}),
    Action.CALCULATE: frozenset({_T}),
    Action.GRADE: frozenset({_T, _Q}),
    Action.EXCLUDE_OR_OVERRIDE: frozenset({_T, _R, _Q}),
    Action.SUBMIT: frozenset({_T}),
    Action.REVIEW: frozenset({_R, _Q}),
    Action.APPROVE: frozenset({_Q}),
    Action.REJECT: frozenset({_R, _Q}),
    Action.ISSUE_CERTIFICATE: frozenset({_Q}),
    Action.RETRACT_CERTIFICATE: frozenset({_Q}),
    Action.MANAGE_USERS: frozenset({_A}),
    Action.MANAGE_KEYS: frozenset({_A}),
    Action.MANAGE_METHODS: frozenset({_A, _Q}),
    Action.MANAGE_CRITERIA: frozenset({_A, _Q}),
    Action.MANAGE_INSTRUMENT_PROFILES: frozenset({_A, _Q}),
    Action.VIEW_AUDIT: frozenset({_R, _Q, _A}),
    Action.MANAGE_LABORATORY: frozenset({_A, _Q}),
}

# Actions done with an electronic signature (the password entered again): submitting is the
# technician's "authored" signature, so the technician role signs too.
SIGNING_ACTIONS = frozenset(
    {
        Action.SUBMIT,
        Action.REVIEW,
        Action.APPROVE,
        Action.REJECT,
        Action.ISSUE_CERTIFICATE,
        Action.RETRACT_CERTIFICATE,
    }
)
# Roles that may sign data; an administrator may not give one of them to itself (four eyes).
SIGNING_ROLES = frozenset(role for action in SIGNING_ACTIONS for role in PERMISSIONS[action])


class PermissionDenied(LabappError):
    """The user's roles do not allow the action (`action`; `subject` is the user name), typed so a
    front end can word the refusal in its own language."""

    def __init__(self, *args: object, action: Action | None = None, subject: str = "") -> None:
        super().__init__(*args, subject=subject)
        self.action = action


def parse_roles(names: Iterable[str]) -> frozenset[Role]:
    """Roles from their names; an unknown name is an error naming the valid ones."""
    roles = set()
    for name in names:
        try:
            roles.add(Role(name.strip()))
        except ValueError:
            valid = ", ".join(role.value for role in Role)
            raise LabappError(f"unknown role {name!r} (valid: {valid})") from None
    return frozenset(roles)


def allowed(roles: Iterable[Role], action: Action) -> bool:
    return bool(PERMISSIONS[action].intersection(roles))


def require(username: str, roles: Iterable[Role], action: Action) -> None:
    """Raise PermissionDenied unless one of the roles may perform the action."""
    roles = frozenset(roles)
    if not allowed(roles, action):
        held = ", ".join(sorted(role.label() for role in roles)) or "no role"
        raise PermissionDenied(
            f"user {username!r} ({held}) may not {action.label()}: {who_may(action)}",
            action=action,
            subject=username,
        )


def who_may(action: Action) -> str:
    """Which roles may do `action`, and who grants them: the second half of every refusal."""
    names = [role.label() for role in Role if role in PERMISSIONS[action]]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"a{'n' if listed[0] in 'aeiou' else ''} {listed} may (an administrator grants roles)"
