"""The expected permission matrix, written once for every entry point's test (service, CLI, GUI).

Written out from the user guide and issue 7 (who may do what), independently of
labapp.security.roles.PERMISSIONS, so a change to the code's table that the guide does not make
fails the tests instead of moving them along.
"""

from labapp.security.roles import Action, Role

T, R, Q, A = Role.TECHNICIAN, Role.REVIEWER, Role.QA_MANAGER, Role.ADMINISTRATOR
EXPECTED: dict[Action, frozenset[Role]] = {
    Action.REGISTER_LOTS: frozenset({T, Q}),
    Action.EDIT_LOTS: frozenset({T, Q}),
    Action.IMPORT_RUN: frozenset({T}),
    Action.CALCULATE: frozenset({T}),
    Action.GRADE: frozenset({T, Q}),
    Action.EXCLUDE_OR_OVERRIDE: frozenset({T, R, Q}),
    Action.SUBMIT: frozenset({T}),
    Action.REVIEW: frozenset({R, Q}),
    Action.APPROVE: frozenset({Q}),
    Action.REJECT: frozenset({R, Q}),
    Action.ISSUE_CERTIFICATE: frozenset({Q}),
    Action.RETRACT_CERTIFICATE: frozenset({Q}),
    Action.MANAGE_USERS: frozenset({A}),
    Action.MANAGE_KEYS: frozenset({A}),
    Action.MANAGE_METHODS: frozenset({A, Q}),
    Action.MANAGE_CRITERIA: frozenset({A, Q}),
    Action.MANAGE_INSTRUMENT_PROFILES: frozenset({A, Q}),
    Action.VIEW_AUDIT: frozenset({R, Q, A}),
    Action.MANAGE_LABORATORY: frozenset({Q, A}),
}


def may(role: Role, action: Action) -> bool:
    return role in EXPECTED[action]
