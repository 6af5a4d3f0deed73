"""Running the laboratory's installation: people, keys, identity, methods and the audit trail.

users                accounts and roles, and the first administrator
authentication       log-in, the password re-entered for a signature, changing one's password
keys                 the lab root CA and the signers' keys
laboratory           the laboratory's identity on reports
lab_logo             the laboratory's logo for reports
methods              analytical methods from TOML (bundled and the lab's own)
instrument_profiles  the lab's own instrument profiles, saved whole and audited
audit_trail          verify the tamper-evident chain and read the log
database_admin       bring the schema up to date and describe the database
"""

from labapp.services._face import face

__all__, __getattr__ = face(
    __name__,
    {
        "audit_trail": (
            "audit_log",
            "verify_audit",
        ),
        "authentication": (
            "authenticate",
            "change_password",
        ),
        "keys": (
            "init_ca",
            "issue_signer",
        ),
        "laboratory": (
            "get_laboratory",
            "set_laboratory",
        ),
        "users": (
            "add_user",
            "create_first_administrator",
            "list_users",
        ),
    },
)
