"""The words the calculation core owns and every other layer uses: outcomes, decision rules, grading
statuses, screen outcomes, QC outcomes and verdicts, criteria set kinds and statuses, result flags.

A word that crosses layers is a typed value (DESIGN.md): each vocabulary is one enum, defined here
once, stored by its value, read back into the enum (`Outcome("conditional pass")`, or
`Outcome.parse(text)`, which also takes an alias), and compared as the enum, never as a string. Each
member is one row of its table: the stored value, the English label, the Japanese label and any
aliases (other spellings read back into it). `label("ja")` gives the Japanese display label.

The store's workflow states (runs, lots, certificates) live in labapp.store.states and the
certificate twin's own words in labapp.certificates.model, built on the same `Vocabulary` base.
docs/vocabulary.md lists every table.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Self

import numpy as np

LANGUAGES = ("en", "ja")


class Vocabulary(StrEnum):
    """A StrEnum whose members carry their display labels: ``NAME = value, english, japanese, *aliases``.

    The English label defaults to the value, the Japanese label to the English one. Members compare
    and hash as their value, so a stored string reads back with ``Kind(text)``.
    """

    _en: str
    _ja: str
    _aliases: tuple[str, ...]

    def __new__(cls, value: str, en: str | None = None, ja: str | None = None, *aliases: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._en = value if en is None else en
        member._ja = member._en if ja is None else ja
        member._aliases = tuple(aliases)
        return member

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other spellings that read back into this member (e.g. a command-line name)."""
        return self._aliases

    def label(self, lang: str = "en") -> str:
        """The display label in `lang` ("en" or "ja")."""
        if lang == "ja":
            return self._ja
        if lang != "en":
            raise ValueError(f"no labels in language {lang!r}; use one of {', '.join(LANGUAGES)}")
        return self._en

    @classmethod
    def parse(cls, value: Any) -> Self:
        """The member for a stored value, an alias, or a member; ValueError names the allowed values."""
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown {cls.__name__} {value!r}; use one of {allowed}") from None

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        text = value.strip().lower()
        for member in cls:
            if text == member.value or text in member.aliases:
                return member
        return None

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)


# --- statements of conformity (ILAC-G8:09/2019, ISO/IEC 17025:2017 7.8.6) -------------------------


class Outcome(Vocabulary):
    """The outcome of one result judged against one limit under a decision rule."""

    PASS = "pass", "pass", "合格"
    CONDITIONAL_PASS = "conditional pass", "conditional pass", "条件付き合格"
    CONDITIONAL_FAIL = "conditional fail", "conditional fail", "条件付き不合格"
    FAIL = "fail", "fail", "不合格"
    NOT_DECIDABLE = "not decidable", "not decidable", "判定不能"
    NOT_ASSESSED = "not assessed", "not assessed", "未評価"

    @property
    def passes(self) -> bool:
        return self in (Outcome.PASS, Outcome.CONDITIONAL_PASS)

    @property
    def fails(self) -> bool:
        return self in (Outcome.FAIL, Outcome.CONDITIONAL_FAIL)

    @property
    def conditional(self) -> bool:
        """Within the guard band of the limit: a conditional pass or a conditional fail."""
        return self in (Outcome.CONDITIONAL_PASS, Outcome.CONDITIONAL_FAIL)

    @property
    def severity(self) -> int:
        """Worse is higher: not assessed, pass, conditional pass, not decidable, conditional fail, fail."""
        return _SEVERITY[self]

    @classmethod
    def worst(cls, outcomes: Iterable[Outcome], default: Outcome | None = None) -> Outcome:
        """The worst of `outcomes` (see `severity`); `default` (pass) when there are none."""
        found = [cls(o) for o in outcomes]
        return max(found, key=_SEVERITY.__getitem__) if found else (default or cls.PASS)


_SEVERITY = {
    Outcome.NOT_ASSESSED: 0,
    Outcome.PASS: 1,
    Outcome.CONDITIONAL_PASS: 2,
    Outcome.NOT_DECIDABLE: 3,
    Outcome.CONDITIONAL_FAIL: 4,
    Outcome.FAIL: 5,
}


class RuleKind(Vocabulary):
    """The decision rule (ILAC-G8:09/2019). The value is the criteria file's spelling; the first alias
    (`code`) is the name on the command line, in the GUI's choices and in the certificate's JSON twin."""

    SIMPLE = "simple", "simple acceptance", "単純受入れ"
    BINARY_GUARDED = (
        "binary-guarded",
        "binary, guarded acceptance",
        "ガードバンド付き二値判定",
        "guarded_binary",
    )
    NON_BINARY = "non-binary", "non-binary, with guard band", "ガードバンド付き非二値判定", "non_binary"

    @property
    def code(self) -> str:
        return self.aliases[0] if self.aliases else self.value


class GradingStatus(Vocabulary):
    """What grading a lot against a criteria set found."""

    GRADED = "graded", "graded", "格付け済み"
    CONDITIONAL = "conditional", "conditional", "条件付き格付け"
    OFF_SPEC = "off-spec", "off-spec", "規格外"
    NOT_DECIDABLE = "not decidable", "not decidable", "判定不能"
    NOT_GRADABLE = "not gradable", "not gradable", "格付け不能"

    @property
    def has_grade(self) -> bool:
        return self in (GradingStatus.GRADED, GradingStatus.CONDITIONAL)


class ScreenOutcome(Vocabulary):
    """The outcome of a regulatory screen beside the grade."""

    MEETS = "meets", "meets", "適合"
    CONDITIONALLY_MEETS = "conditionally meets", "conditionally meets", "条件付き適合"
    CONDITIONALLY_DOES_NOT_MEET = (
        "conditionally does not meet",
        "conditionally does not meet",
        "条件付き不適合",
    )
    DOES_NOT_MEET = "does not meet", "does not meet", "不適合"
    CLASSIFICATION = "classification", "classification", "分類"
    NOT_DECIDABLE = "not decidable", "not decidable", "判定不能"
    NOT_APPLICABLE = "not applicable", "not applicable", "対象外"
    NOT_IN_FORCE = "not yet in force", "not yet in force", "適用開始前"

    @property
    def conditional(self) -> bool:
        return self in (ScreenOutcome.CONDITIONALLY_MEETS, ScreenOutcome.CONDITIONALLY_DOES_NOT_MEET)


class SetKind(Vocabulary):
    """A criteria set grades lots (tiers) or screens them (sections, classification)."""

    GRADING = "grading", "grading", "格付け"
    SCREEN = "screen", "screen", "スクリーニング"


class Admission(Vocabulary):
    """Whether a criteria set file may be stored beside the versions already stored (criteria_identity)."""

    NEW = "new", "new", "新規"
    UNCHANGED = "unchanged", "unchanged", "変更なし"
    REPLACES_DRAFT = "replaces draft", "replaces the unused draft", "未使用の草案を置換"


class SetStatus(Vocabulary):
    """A criteria set is provisional (the laboratory's reading) or approved."""

    PROVISIONAL = "provisional", "provisional", "暫定"
    APPROVED = "approved", "approved", "承認済み"


# --- QC of a run ----------------------------------------------------------------------------------


class CheckOutcome(Vocabulary):
    """The outcome of one QC check (and of a duplicate-digest or line agreement check)."""

    PASS = "pass", "pass", "合格"
    FAIL = "fail", "fail", "不合格"
    NOT_APPLICABLE = "not_applicable", "not applicable", "該当なし"

    @classmethod
    def where(cls, applicable: Any, passed: Any) -> np.ndarray:
        """Vectorised: "not_applicable" where not `applicable`, else "pass" where `passed`, else "fail"."""
        judged = np.where(passed, cls.PASS.value, cls.FAIL.value)
        return np.where(applicable, judged, cls.NOT_APPLICABLE.value)


class QcCheck(Vocabulary):
    """The QC checks of a run: what a run's checks are called in the store, on screen and in print.

    The calculation runs exactly these (labapp.core.qc_checks); how a failure spreads to the
    samples is a property of the check, so the list and its rules are written once, here.
    """

    ICV = "icv", "initial calibration verification (ICV)", "初期検量線確認（ICV）"
    CCV = "ccv", "continuing calibration verification (CCV)", "連続検量線確認（CCV）"
    LOW_CHECK = "low_check", "low-level check standard", "低濃度確認標準"
    ICS = "ics", "interference check solution (ICS)", "干渉確認溶液（ICS）"
    ICB = "icb", "initial calibration blank (ICB)", "初期検量線ブランク（ICB）"
    CCB = "ccb", "continuing calibration blank (CCB)", "連続検量線ブランク（CCB）"
    METHOD_BLANK = "method_blank", "method blank", "操作ブランク"
    CRM = "crm", "certified reference material (CRM) recovery", "認証標準物質（CRM）の回収率"
    LCS = "lcs", "laboratory control sample (LCS) recovery", "管理試料（LCS）の回収率"
    SPIKE = "spike", "spike recovery", "添加回収率"
    DUPLICATE = "duplicate", "duplicate agreement (RPD)", "併行分析の一致（相対差）"
    INTERNAL_STANDARD = "internal_standard", "internal standard recovery", "内標準の回収率"
    CALIBRATION_R = "calibration_r", "calibration correlation coefficient (r)", "検量線の相関係数（r）"
    CALIBRATION_MANDEL = (
        "calibration_mandel",
        "calibration linearity (Mandel test)",
        "検量線の直線性（Mandel検定）",
    )
    CCV_FREQUENCY = "ccv_frequency", "CCV frequency", "CCVの測定頻度"

    @property
    def recovery(self) -> bool:
        """A check standard judged by its recovery of the expected concentration."""
        return self in (QcCheck.ICV, QcCheck.CCV, QcCheck.LOW_CHECK, QcCheck.ICS)

    @property
    def brackets(self) -> bool:
        """A failure flags the samples measured between it and the neighbouring checks of its kind."""
        return self in (QcCheck.CCV, QcCheck.CCB)

    @property
    def batch_wide(self) -> bool:
        """A failure flags every sample of the element, line and view in the run."""
        return self in _BATCH_WIDE

    @property
    def paired(self) -> bool:
        """A failure flags the spiked or duplicate solution and its parent sample."""
        return self in (QcCheck.SPIKE, QcCheck.DUPLICATE)

    @property
    def blocking(self) -> bool:
        """A failure on an element's preferred line leaves the element with no reportable result."""
        return self in (QcCheck.CALIBRATION_R, QcCheck.CALIBRATION_MANDEL, QcCheck.ICV)

    @property
    def charted(self) -> bool:
        """Shown on the run's recovery chart (the calibration verifications in run order)."""
        return self in (QcCheck.ICV, QcCheck.CCV)

    def failure_words(self, lang: str = "en", bracket: bool = False) -> str:
        """A result's note for a sample flagged by this check's failure (flag qc_<check>[_bracket])."""
        name = self.label(lang)
        if lang == "ja":
            return f"前後の{name}が管理限界外" if bracket else f"{name}が管理限界外"
        return f"{name} outside limits" + (" in its bracket" if bracket else "")


_BATCH_WIDE = frozenset(
    {
        QcCheck.CRM,
        QcCheck.LCS,
        QcCheck.METHOD_BLANK,
        QcCheck.CALIBRATION_R,
        QcCheck.CALIBRATION_MANDEL,
        QcCheck.ICV,
    }
)


class ElementStatus(Vocabulary):
    """An element's QC status in a run, stored with each result (`qc_state`)."""

    OK = "ok", "ok", "問題なし"
    FLAGGED = "flagged", "flagged", "要注意"
    BLOCKED = "blocked", "blocked", "報告不可"


class QcVerdict(Vocabulary):
    """The verdict of a run's QC."""

    PASS = "pass", "pass", "合格"
    PASS_WITH_FLAGS = "pass_with_flags", "pass with flags", "合格（要注意あり）"
    PARTIAL = "partial", "partial", "一部報告不可"
    FAIL = "fail", "fail", "不合格"


class QcStatistic(Vocabulary):
    """The statistic a QC check judges (the Statistic column): stored by value in a check's detail text."""

    RECOVERY_PCT = "recovery_pct", "statistic: recovery (%)", "統計量：回収率（%）"
    DEVIATION = "deviation", "statistic: deviation from the certified value", "統計量：認証値からの偏差"
    ABSOLUTE = "abs", "statistic: absolute blank level", "統計量：ブランク値の絶対値"
    RPD_PCT = "rpd_pct", "statistic: relative percent difference (RPD, %)", "統計量：相対差（RPD、%）"
    R = "r", "statistic: correlation coefficient r", "統計量：相関係数 r"
    P_VALUE = "p_value", "statistic: p-value of the Mandel test", "統計量：Mandel検定のp値"
    SAMPLES_BETWEEN_CCVS = "samples_between_ccvs", "statistic: samples between CCVs", "統計量：CCV間の試料数"

    @classmethod
    def reword(cls, detail: str | None, lang: str = "en") -> str:
        """A stored check detail ("note; statistic name; affects ...") with the statistic's name in words."""
        parts = [p.strip() for p in (detail or "").split(";") if p.strip()]
        return "; ".join(cls(p).label(lang) if p in cls.values() else p for p in parts)


QC_FLAG_PREFIX = "qc_"  # a result flag qc_<check> names the failed QC check that concerns it
BRACKET_SUFFIX = "_bracket"  # ... and qc_<check>_bracket one measured before or after the sample


class ResultFlag(Vocabulary):
    """Flags a result row carries (';'-separated in `flags`) that the services write or read.

    Other flags pass through as text: an instrument's, and qc_<check> or qc_<check>_bracket for a
    failed QC check (`QcCheck`) that concerns the result, worded by `words`. The English label is the
    words a certificate note uses for the flag.
    """

    EXCLUDED = "excluded", "excluded", "除外"
    OVERRIDDEN = "overridden", "overridden", "変更"
    REPLICATE_EXCLUDED = "replicate_excluded", "replicate excluded", "繰返し測定値の一部を除外"
    LINE_EXCLUDED = "line_excluded", "line excluded", "測定波長を除外"
    FROM_MANIFEST = "from_manifest", "from manifest", "受入記録（マニフェスト）の値"
    CENSORED_DIGEST = "censored_digest", "censored digest", "定量下限未満の分解液を含む"
    DIGEST_RPD = "digest_rpd", "digest rpd", "分解液間の相対差が限度超過"
    BELOW_LOQ = "below_loq", "below loq", "定量下限未満"
    DETECTED_NOT_QUANTIFIED = (
        "detected_not_quantified",
        "detected, not quantified: above the detection limit, but its relative uncertainty exceeds"
        " the method's target at this level",
        "検出、定量不可：検出下限以上だが、この濃度では相対不確かさが方法の目標を超える",
    )
    NOT_DETECTED = (  # below the decision limit: reported as "< LOD", the detection limit the bound
        "not_detected",
        "not detected: below the decision limit, reported as less than the detection limit (LOD)",
        "不検出：判定限界未満のため、検出下限（LOD）未満として報告",
    )
    NO_RESULT = "no_result", "no result", "結果なし"
    ABOVE_CALIBRATION_RANGE = (  # read above the top standard: not reportable, blocks grading
        "above_calibration_range",
        "above calibration range, dilute and re-measure",
        "検量線範囲超過、希釈して再測定",
    )
    ALTERNATE_LINE = "alternate_line", "reported from an alternate emission line", "代替波長による報告値"
    INSTRUMENT_CONCENTRATION = (
        "instrument_concentration",
        "concentration as calculated by the instrument software",
        "装置ソフトウェア算出の濃度",
    )
    LINE_DISAGREEMENT = "line_disagreement", "line disagreement", "測定波長間の不一致"
    NO_COUNTING_UNCERTAINTY = (  # XRF without counting error or repeats: not quantified, blocks grading
        "no_counting_uncertainty",
        "not quantified: the file gives no counting uncertainty and the sample was measured once;"
        " export the instrument's error column or measure the sample repeatedly",
        "定量不可：ファイルに計数誤差がなく、試料の測定は 1 回のみ。装置の誤差列を出力するか、"
        "繰返し測定すること",
    )
    NO_CALIBRATION_UNCERTAINTY = (  # instrument concentrations with no calibration term: not quantified
        "no_calibration_uncertainty",
        "not quantified: instrument concentrations without check standards in the run or a calibration"
        " uncertainty stated by the method",
        "定量不可：装置算出の濃度で、ラン内の確認標準も方法に記載された検量線の不確かさもない",
    )

    @staticmethod
    def split(flags: str | None) -> list[str]:
        """The flags of a ';'-separated text, in order (unknown flags kept as text)."""
        return [f for f in (flags or "").split(";") if f]

    @classmethod
    def words(cls, flag: str, lang: str = "en") -> str:
        """A flag in words: its label when known, a failed QC check's words for qc_<check>[_bracket],
        else the flag with spaces."""
        try:
            return cls(flag).label(lang)
        except ValueError:
            pass
        name = flag.removeprefix(QC_FLAG_PREFIX)
        check = name.removesuffix(BRACKET_SUFFIX)
        if flag.startswith(QC_FLAG_PREFIX) and check in QcCheck.values():
            return QcCheck(check).failure_words(lang, bracket=name != check)
        return flag.replace("_", " ")


# A result carrying one of these flags has no reportable value: its lot reports none for the analyte
# and grading withholds it; the flag's words say why (labapp.core.reportable, services.grading).
WITHHOLDING_FLAGS: tuple[ResultFlag, ...] = (
    ResultFlag.ABOVE_CALIBRATION_RANGE,
    ResultFlag.NO_COUNTING_UNCERTAINTY,
    ResultFlag.NO_CALIBRATION_UNCERTAINTY,
)


class Basis(Vocabulary):
    """The basis a result is reported on: dry mass (moisture removed) or the material as received."""

    DRY = "dry", "dry basis", "乾燥ベース"
    AS_RECEIVED = "as_received", "as received", "受入れ時ベース"


class LotOrigin(Vocabulary):
    """Where a lot's black mass comes from (`lots.origin`, the manifest's origin column)."""

    END_OF_LIFE = "end_of_life", "end-of-life batteries", "使用済み電池"
    PRODUCTION_SCRAP = "production_scrap", "production scrap", "製造工程スクラップ"


class SuppliedItem(Vocabulary):
    """Information about a lot that the customer supplied, not the laboratory (ISO/IEC 17025:2017
    7.8.2.2): marked as such on the certificate, with a disclaimer for results that depend on it."""

    MASSES = "masses", "lot masses (gross, net wet)", "ロット質量（総質量・正味湿潤質量）"
    ORIGIN = "origin", "origin of the material", "材料の由来"
    CHEMISTRY = "declared_chemistry", "declared chemistry", "申告された化学系"
    IDENTIFICATION = (
        "identification",
        "shipment, container, bag and seal ids",
        "出荷・コンテナ・バッグ・シール番号",
    )
    CODES = "codes", "waste and customs codes", "廃棄物コード・関税番号"
    SAMPLING = (
        "sampling",
        "sampling (plan, location, sampler, date)",
        "サンプリング（計画・場所・採取者・日付）",
    )


class UncertaintyBasis(Vocabulary):
    """Where the U of a limited quantity (an analyte or a sum such as Ni+Co) comes from."""

    RESULT = "result", "the result's own U", "結果自体の拡張不確かさ"
    CORRELATED = (
        "correlated",
        "propagated with the shared inputs correlated (GUM 5.2)",
        "共通の入力量の相関を考慮して伝播（GUM 5.2）",
    )
    UPPER_BOUND = (
        "upper bound",
        "sum of the terms' U (upper bound: the budgets do not name their inputs)",
        "各項の拡張不確かさの和（上限：収支に入力量の名前がない）",
    )


class UntestedRequirement(Vocabulary):
    """A requirement of a criteria set's source that the laboratory's assay does not test: a set file
    declares them (`not_assessed`), and every screen or grade stated against the set names them, so
    "conforms" is never read as covering what was not tested."""

    APPEARANCE = "appearance", "appearance", "外観"
    MOLAR_RATIO = "molar ratio", "main-element molar ratio", "主要元素のモル比"
    PARTICLE_SIZE = "particle size", "particle size", "粒度"
    OTHER_IMPURITIES = (
        "other impurities",
        "impurity elements other than those tested",
        "試験対象以外の不純物元素",
    )
    UNENCODED_LIMITS = (
        "unencoded limits",
        "limits whose published values were not found (not encoded)",
        "公表値を確認できず収録していない限度",
    )
    LOADING = (
        "loading",
        "packing and loading (no bulk or mixed loading)",
        "梱包・積載（ばら積み・混載の禁止）",
    )
    CONDITION = "condition", "condition of the material (dried, free-flowing)", "材料の状態（乾燥・流動性）"
    COMMERCIAL_TERMS = (
        "commercial terms",
        "commercial terms (quantity, delivery, payment)",
        "商業条件（数量・引渡し・支払）",
    )
    AGREED_TERMS = (
        "agreed terms",
        "terms the source leaves to agreement between supplier and buyer",
        "供給者と購入者の協議に委ねられた条件",
    )


class IntervalKind(Vocabulary):
    """Which 95 % interval a Monte Carlo check reports (JCGM 101 5.3.3, 7.7): the probabilistically
    symmetric one for a symmetric output (stable under resampling), the shortest one otherwise."""

    SYMMETRIC = "symmetric", "probabilistically symmetric", "確率的対称"
    SHORTEST = "shortest", "shortest", "最短"


# --- the black-mass panel: tests that are not an ICP-OES/XRF run (labapp.core.panel) --------------


class PanelKind(Vocabulary):
    """The kind of a panel test method: its entries, its calculation and its uncertainty budget."""

    LOSS_ON_DRYING = "loss_on_drying", "moisture by loss on drying", "乾燥減量による水分"
    LOSS_ON_IGNITION = "loss_on_ignition", "loss on ignition", "強熱減量"
    ACID_INSOLUBLE = "acid_insoluble", "acid-insoluble matter (gravimetric)", "酸不溶解分（重量法）"
    FLUORIDE_ISE = (
        "fluoride_ise",
        "water-soluble fluoride by ion-selective electrode",
        "イオン電極法による水溶性フッ化物",
    )
    FLUORIDE_IC = (
        "fluoride_ic",
        "water-soluble fluoride by ion chromatography",
        "イオンクロマトグラフ法による水溶性フッ化物",
    )
    COMBUSTION_CARBON = "combustion_carbon", "total carbon by combustion", "燃焼法による全炭素"
    SIEVE = "sieve", "particle size by sieving", "ふるい分けによる粒度"
    LASER_DIFFRACTION = "laser_diffraction", "particle size by laser diffraction", "レーザー回折による粒度"

    @property
    def gravimetric_loss(self) -> bool:
        """Tare, gross before and gross after heating: the loss as a fraction of the portion."""
        return self in (PanelKind.LOSS_ON_DRYING, PanelKind.LOSS_ON_IGNITION)

    @property
    def fluoride(self) -> bool:
        return self in (PanelKind.FLUORIDE_ISE, PanelKind.FLUORIDE_IC)

    @property
    def technique(self) -> str:
        """The short technique code a certificate's Method column prints (as "ICP-OES" for a run)."""
        return _PANEL_TECHNIQUES[self]


_PANEL_TECHNIQUES = {
    PanelKind.LOSS_ON_DRYING: "GRAV", PanelKind.LOSS_ON_IGNITION: "GRAV", PanelKind.ACID_INSOLUBLE: "GRAV",
    PanelKind.FLUORIDE_ISE: "ISE", PanelKind.FLUORIDE_IC: "IC", PanelKind.COMBUSTION_CARBON: "COMB-IR",
    PanelKind.SIEVE: "SIEVE", PanelKind.LASER_DIFFRACTION: "LD",
}


class PanelCheck(Vocabulary):
    """The QC checks of a panel test (labapp.core.panel.checks)."""

    DUPLICATE = "duplicate", "duplicate agreement", "併行測定の一致"
    CRM = "crm", "certified reference material (CRM) recovery", "認証標準物質（CRM）の回収率"
    TEMPERATURE = "temperature", "heating temperature", "加熱温度"
    DURATION = "duration", "heating time", "加熱時間"
    SLOPE = "slope", "electrode slope (Nernstian)", "電極スロープ（ネルンスト応答）"
    CALIBRATION_R = "calibration_r", "calibration correlation coefficient (r)", "検量線の相関係数（r）"
    CALIBRATION_RANGE = "calibration_range", "reading within the calibration range", "検量線範囲内の読取り"
    SIEVE_LOSS = "sieve_loss", "sieving mass balance", "ふるい分けの質量収支"
    LASER_REPEATABILITY = (
        "laser_repeatability", "repeatability of the D-values (ISO 13320)", "D値の繰返し性（ISO 13320）",
    )


VOCABULARIES: tuple[type[Vocabulary], ...] = (
    Outcome,
    RuleKind,
    GradingStatus,
    ScreenOutcome,
    SetKind,
    SetStatus,
    Admission,
    CheckOutcome,
    QcCheck,
    ElementStatus,
    QcVerdict,
    QcStatistic,
    ResultFlag,
    Basis,
    LotOrigin,
    SuppliedItem,
    UncertaintyBasis,
    UntestedRequirement,
    IntervalKind,
    PanelKind,
    PanelCheck,
)
