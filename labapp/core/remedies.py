"""What a person does to fix a refusal, named once: the words every layer's message ends with, and the
key by which each front end adds its own way to do it (the command line a command, the desktop the
place in its menus), so a message never asks a technician at the desktop to type a command.

An error that has a known fix carries it (`LabappError(..., remedy=Remedy.X, subject="qa")`); the
message itself already ends with the remedy's words, so it reads whole wherever it is shown.
"""

from __future__ import annotations

from labapp.core.vocabulary import Vocabulary


class Remedy(Vocabulary):
    """A fix, in words a technician or an administrator acts on (EN and JA)."""

    ISSUE_SIGNING_KEY = (
        "issue_signing_key",
        "an administrator issues a signing key for this user",
        "管理者がこのユーザーの署名鍵を発行してください",
    )
    REPLACE_SIGNING_KEY = (
        "replace_signing_key",
        "an administrator issues a new signing key for this user",
        "管理者がこのユーザーの新しい署名鍵を発行してください",
    )
    CREATE_ROOT_CA = (
        "create_root_ca",
        "an administrator creates the laboratory's root certificate first",
        "管理者が先に試験所のルート証明書を作成してください",
    )
    ISSUE_CRL = (
        "issue_crl",
        "an administrator issues a fresh revocation list (the root certificate's passphrase is needed)",
        "管理者が新しい失効リストを発行してください（ルート証明書のパスフレーズが必要）",
    )
    UNLOCK_ACCOUNT = (
        "unlock_account",
        "wait, or an administrator unlocks it by setting a temporary password",
        "時間をおくか、管理者が仮パスワードを設定してロックを解除してください",
    )
    UPGRADE_DATABASE = (
        "upgrade_database",
        "an administrator upgrades the database to this version",
        "管理者がデータベースをこのバージョンに更新してください",
    )
    CREATE_DATABASE = (
        "create_database",
        "check the path, or create a new database there",
        "パスを確認するか、その場所に新しいデータベースを作成してください",
    )
    SET_LABORATORY = (
        "set_laboratory",
        "enter the laboratory's details first",
        "先に試験所情報を入力してください",
    )
    CHOOSE_PROFILE = (
        "choose_profile",
        "choose an instrument profile for this kind of file",
        "この種類のファイルに合う装置プロファイルを選択してください",
    )
    CHOOSE_METHOD = (
        "choose_method",
        "choose the calculation method for this run",
        "このランの計算方法を選択してください",
    )
    LIST_LOTS = (
        "list_lots",
        "check the lot code against the registered lots",
        "ロットコードを登録済みロットと照合してください",
    )
