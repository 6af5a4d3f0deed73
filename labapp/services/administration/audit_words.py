"""The audit trail's words: what an event did (its action) and what it concerns (its entity), each with
its English and Japanese label, so the audit viewer and a result's history never show a table name or
an action's identifier (21 CFR 11.10(e): an audit trail a reviewer can read).

The store keeps the identifiers (they are hashed into the chain, so they never change); the screens
show the labels. Sign-in attempts are named `<purpose>_<outcome>` (labapp.security.attempts) and are
worded from those two vocabularies. `audit_words()` gives the words for any stored action.
"""

from __future__ import annotations

from labapp.core.vocabulary import Vocabulary
from labapp.security.attempts import AttemptOutcome, AuthPurpose


class AuditAction(Vocabulary):
    """What an audit event did."""

    CREATE = "create", "created", "作成"
    UPDATE = "update", "changed", "変更"
    DELETE = "delete", "deleted", "削除"
    IMPORT_RUN = "import_run", "run imported", "測定ランの取込み"
    ASSIGN_LABELS = "assign_labels", "sample labels assigned", "試料ラベルの割当て"
    CALCULATE = "calculate", "run calculated", "測定ランの計算"
    EXCLUDE = "exclude", "reading excluded", "測定値の除外"
    WITHDRAW_EXCLUSION = "withdraw_exclusion", "exclusion withdrawn", "除外の取消し"
    OVERRIDE = "override", "result overridden", "結果の変更"
    GRADE = "grade", "lot graded", "ロットの格付け"
    SUBMIT = "submit", "run submitted", "測定ランの提出"
    REVIEW = "review", "run reviewed", "測定ランのレビュー"
    APPROVE = "approve", "run approved", "測定ランの承認"
    REJECT = "reject", "run rejected", "測定ランの差戻し"
    AMEND_RELEASED = "amend_released", "released data changed", "リリース済みデータの変更"
    REGISTER_CRM = "register_crm", "reference material registered", "標準物質の登録"
    ENTER_TEST = "enter_test", "panel test entered", "パネル試験の入力"
    VERIFY_TEST = "verify_test", "panel test verified", "パネル試験の確認"
    SUBMIT_TEST = "submit_test", "panel test submitted", "パネル試験の提出"
    REJECT_TEST = "reject_test", "panel test rejected", "パネル試験の差戻し"
    IMPORT_TESTS = "import_tests", "panel tests imported", "パネル試験の取込み"
    RESERVE_CERTIFICATE_NUMBER = (
        "reserve_certificate_number",
        "certificate number reserved",
        "成績書番号の予約",
    )
    VOID_CERTIFICATE_NUMBER = "void_certificate_number", "certificate number voided", "成績書番号の無効化"
    ISSUE_CERTIFICATE = "issue_certificate", "certificate issued", "成績書の発行"
    AMEND_CERTIFICATE = "amend_certificate", "certificate amended", "成績書の訂正"
    RETRACT_CERTIFICATE = "retract_certificate", "certificate retracted", "成績書の取消"
    BEGIN_CERTIFICATE_FILES = (
        "begin_certificate_files",
        "certificate files being written",
        "成績書ファイルの書込み開始",
    )
    CLOSE_CERTIFICATE_FILES = (
        "close_certificate_files",
        "certificate files written",
        "成績書ファイルの書込み完了",
    )
    COMPLETE_INTERRUPTED_ISSUE = (
        "complete_interrupted_issue",
        "interrupted issue completed",
        "中断された発行の完了",
    )
    VOID_INTERRUPTED_ISSUE = "void_interrupted_issue", "interrupted issue voided", "中断された発行の無効化"
    PUBLISH_STATUS_LIST = "publish_status_list", "status list published", "ステータス一覧の公開"
    INIT_CA = "init_ca", "laboratory root certificate created", "試験所ルート証明書の作成"
    ISSUE_SIGNING_KEY = "issue_signing_key", "signing key issued", "署名鍵の発行"
    IMPORT_SIGNING_KEY = "import_signing_key", "signing key imported", "署名鍵の取込み"
    REVOKE_SIGNING_KEY = "revoke_signing_key", "signing key revoked", "署名鍵の失効"
    ISSUE_CRL = "issue_crl", "revocation list issued", "失効リストの発行"
    SET_TSA_ROOTS = "set_tsa_roots", "time-stamp authority roots set", "タイムスタンプ局のルート証明書の設定"
    SET_KEYS_FOLDER = "set_keys_folder", "key folder set", "鍵フォルダーの設定"
    SET_SIGNATURE_SERVICES = "set_signature_services", "signature services set", "署名サービスの設定"
    SET_ROLES = "set_roles", "roles changed", "ロールの変更"
    DEACTIVATE = "deactivate", "user deactivated", "ユーザーの無効化"
    RESET_PASSWORD = "reset_password", "password reset", "パスワードのリセット"
    CHANGE_PASSWORD = "change_password", "password changed", "パスワードの変更"
    SET_SETTING = "set_setting", "setting changed", "設定の変更"
    SET_LOGO = "set_logo", "laboratory logo set", "試験所ロゴの設定"
    REMOVE_LOGO = "remove_logo", "laboratory logo removed", "試験所ロゴの削除"
    SAVE_INSTRUMENT_PROFILE = "save_instrument_profile", "instrument profile saved", "装置プロファイルの保存"
    NEW_CRITERIA_SET = "new_criteria_set", "criteria set created", "判定基準セットの作成"
    EDIT_CRITERIA_SET = "edit_criteria_set", "criteria set edited", "判定基準セットの編集"
    CLONE_CRITERIA_SET = "clone_criteria_set", "criteria set copied", "判定基準セットの複製"
    RECORD_SETTLEMENT_ASSAY = "record_settlement_assay", "settlement assay recorded", "精算用分析値の記録"
    CONFIRM_SETTLEMENT_ASSAY = "confirm_settlement_assay", "settlement assay confirmed", "精算用分析値の確認"
    ISSUE_SETTLEMENT_STATEMENT = (
        "issue_settlement_statement",
        "settlement statement issued",
        "精算書の発行",
    )


class AuditEntity(Vocabulary):
    """What an audit event concerns: a table of the store, or a record kept outside it (keys, files)."""

    LOTS = "lots", "lot", "ロット"
    SAMPLES = "samples", "sample", "試料"
    PREPARATIONS = "preparations", "preparation", "調製試料"
    CLIENTS = "clients", "client", "依頼者"
    INSTRUMENT_RUNS = "instrument_runs", "run", "測定ラン"
    INSTRUMENT_RUN = "instrument_run", "run file", "測定ランのファイル"
    MEASUREMENTS = "measurements", "reading", "測定値"
    CALCULATIONS = "calculations", "calculation", "計算"
    RESULTS = "results", "result", "結果"
    QC_OUTCOMES = "qc_outcomes", "QC check", "QCチェック"
    EXCLUSIONS = "exclusions", "exclusion", "除外"
    RESULT_OVERRIDES = "result_overrides", "result override", "結果の変更"
    REFERENCE_VALUES = "reference_values", "reference value", "参照値"
    REFERENCE_DIGESTS = "reference_digests", "reference digest", "参照分解液"
    PANEL_TESTS = "panel_tests", "panel test", "パネル試験"
    PANEL_ENTRIES = "panel_entries", "panel test entry", "パネル試験の入力値"
    CRITERIA_SETS = "criteria_sets", "criteria set", "判定基準セット"
    CRITERIA_SET_FILE = "criteria_set_file", "criteria set file", "判定基準セットのファイル"
    LOT_GRADINGS = "lot_gradings", "lot grading", "ロットの格付け"
    SIGNATURES = "signatures", "signature", "電子署名"
    WORKFLOW_SETTINGS = "workflow_settings", "workflow setting", "ワークフロー設定"
    CERTIFICATES = "certificates", "certificate", "成績書"
    CERTIFICATE_NUMBERS = "certificate_numbers", "certificate number", "成績書番号"
    CERTIFICATE_DOCUMENTS = "certificate_documents", "certificate document", "成績書関連文書"
    PENDING_CERTIFICATE_FILES = (
        "pending_certificate_files",
        "certificate file being written",
        "書込み中の成績書ファイル",
    )
    SETTLEMENT_ASSAYS = "settlement_assays", "settlement assay", "精算用分析値"
    SETTLEMENT_STATEMENTS = "settlement_statements", "settlement statement", "精算書"
    LAB_PHRASES = "lab_phrases", "laboratory phrase", "試験所の定型文"
    LABORATORIES = "laboratories", "laboratory", "試験所"
    LABORATORY_LOGO = "laboratory_logo", "laboratory logo", "試験所ロゴ"
    USERS = "users", "user", "ユーザー"
    USER = "user", "user (key holder)", "ユーザー（鍵の所有者）"
    KEYSTORE = "keystore", "key folder", "鍵フォルダー"
    AUDIT_EVENTS = "audit_events", "audit event", "監査イベント"
    INSTRUMENT_PROFILE = "instrument_profile", "instrument profile", "装置プロファイル"


def audit_words(action: str, lang: str = "en") -> str:
    """An audit event's action in words: its label, a sign-in attempt's purpose and outcome, else the
    identifier with spaces (a newer version's action read by an older one is still words)."""
    try:
        return AuditAction(action).label(lang)
    except ValueError:
        pass
    for purpose in AuthPurpose:
        outcome = action.removeprefix(f"{purpose.value}_")
        if outcome != action and outcome in AttemptOutcome.values():
            return f"{purpose.label(lang)}: {AttemptOutcome(outcome).label(lang)}"
    return action.replace("_", " ")


def entity_words(entity_type: str, lang: str = "en") -> str:
    """An audit event's entity in words (its table or record kind), else the identifier with spaces."""
    try:
        return AuditEntity(entity_type).label(lang)
    except ValueError:
        return entity_type.replace("_", " ")
