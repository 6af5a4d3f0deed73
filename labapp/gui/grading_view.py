"""Grading per lot: the criteria of every grade tried with limits, value +/- U and outcome, the grade and
the limiting parameters; the criteria set (and decision rule) chosen per lot or for a whole run."""

from __future__ import annotations

import html

import pandas as pd
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QWidget

from labapp.core.limit_evaluation import VALUE_TEXT_JA
from labapp.gui.frame_model import Column, number_text
from labapp.gui.frame_view import FrameView
from labapp.gui.run_view_common import ContextSource, RunChooser, UserSource, ViewPage
from labapp.gui.translation import interface_language, word
from labapp.gui.value_text import limit_side_text, quantity_text
from labapp.security.roles import Action
from labapp.services.grading.criteria_catalog import list_sets
from labapp.services.grading.grade import StoredGrading, batch_summary, current_grading, grade_lots
from labapp.services.grading.limiting_words import limiting_words
from labapp.services.importing.registration import list_lots
from labapp.services.vocabulary import Outcome, RuleKind, SetKind, UncertaintyBasis
from labapp.services.workflow.review import list_runs

CRITERIA_COLUMNS = (
    Column("tier", "Grade tried"),
    Column("quantity", "Parameter", quantity_text),
    Column("side", "Limit type", limit_side_text),
    Column("limit", "Limit", number_text),
    Column("unit", "Unit"),
    Column("value_text", "Value \u00b1 U"),
    Column("uncertainty_basis", "U from"),
    Column("guard_band", "Guard band", number_text),
    Column("outcome", "Outcome"),
    Column("source", "Source"),
    Column("provisional_text", "Provisional"),
)


def criteria_frame(grading: StoredGrading) -> pd.DataFrame:
    """One row per criterion of every tier the grading tried: a fail red, a conditional pass or a
    conditional fail (within the guard band) orange; the outcome column holds the `Outcome`."""
    rows = [
        {**c, "tier": tier.get("grade")}
        for tier in grading.result.get("tiers", [])
        for c in tier.get("criteria", [])
    ]
    frame = pd.DataFrame(
        rows, columns=[c.key for c in CRITERIA_COLUMNS if c.key != "provisional_text"] + ["provisional"]
    )
    outcomes = [Outcome(o) for o in frame["outcome"]]
    frame["outcome"] = pd.Series(outcomes, index=frame.index, dtype=object)
    bases = [UncertaintyBasis(b) if isinstance(b, str) else ""  # gradings stored before issue 17: not said
             for b in frame["uncertainty_basis"]]
    frame["uncertainty_basis"] = pd.Series(bases, index=frame.index, dtype=object)
    provisional = QCoreApplication.translate("GradingPage", "provisional")
    frame["provisional_text"] = frame["provisional"].map({True: provisional, False: ""})
    # the grading's stored words for a value it could not use: core's one table gives their Japanese
    stored = VALUE_TEXT_JA if interface_language() == "ja" else {}
    frame["value_text"] = [stored.get(v, v) if isinstance(v, str) else v for v in frame["value_text"]]
    frame["out_of_spec"] = [o is Outcome.FAIL for o in outcomes]
    frame["conditional"] = [o.conditional for o in outcomes]
    return frame


def rule_title(kind: RuleKind) -> str:
    """A decision rule as the rule chooser shows it: its label, capitalised in English."""
    text = word(kind)
    return text[:1].upper() + text[1:] if interface_language() == "en" else text


class GradingPage(ViewPage):
    def __init__(
        self, context: ContextSource, acting_user: UserSource, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, acting_user, parent)
        self.grading: StoredGrading | None = None
        self.lot_combo = QComboBox()
        self.lot_combo.currentIndexChanged.connect(self.show_lot)
        self.set_combo = QComboBox()
        self.rule_combo = QComboBox()
        self.rule_combo.addItem(self.tr("Rule of the criteria set"), "")
        for kind in RuleKind:
            self.rule_combo.addItem(rule_title(kind), kind.code)
        self.runs = RunChooser(self.tr("Run"))
        self.grade_lot_button = QPushButton(self.tr("&Grade lot"))
        self.grade_lot_button.setShortcut(QKeySequence("Ctrl+G"))
        self.grade_lot_button.setToolTip(self.tr("Grade the chosen lot against the chosen set (Ctrl+G)"))
        self.grade_lot_button.clicked.connect(self.grade_lot)
        self.grade_run_button = QPushButton(self.tr("Grade all lots of the &run"))
        self.grade_run_button.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.grade_run_button.clicked.connect(self.grade_run)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Lot")), 0, 0)
        grid.addWidget(self.lot_combo, 0, 1)
        grid.addWidget(QLabel(self.tr("Criteria set")), 0, 2)
        grid.addWidget(self.set_combo, 0, 3)
        grid.addWidget(self.grade_lot_button, 0, 4)
        grid.addWidget(self.runs, 1, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Decision rule")), 1, 2)
        grid.addWidget(self.rule_combo, 1, 3)
        grid.addWidget(self.grade_run_button, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.criteria_view = FrameView(CRITERIA_COLUMNS)
        self.layout_.addLayout(grid)
        self.layout_.addWidget(self.summary_label)
        self.layout_.addWidget(self.criteria_view, 1)
        self.footer()

    def reload(self) -> None:
        ctx = self.context()
        if ctx is None:
            return
        if not self.set_combo.count():
            for entry in self.attempt(list_sets) or []:
                if entry.kind is SetKind.GRADING:
                    self.set_combo.addItem(
                        f"{entry.title} ({entry.id} {entry.version}, {word(entry.status)})",
                        f"{entry.id}@{entry.version}",
                    )
        self.runs.set_runs(self.attempt(lambda: list_runs(ctx)) or [])
        current = self.lot_combo.currentText()
        self.lot_combo.blockSignals(True)
        self.lot_combo.clear()
        for lot in self.attempt(lambda: list_lots(ctx)) or []:
            self.lot_combo.addItem(lot.code)
        index = self.lot_combo.findText(current)
        self.lot_combo.setCurrentIndex(max(index, 0))
        self.lot_combo.blockSignals(False)
        self.show_lot()

    def choose_lot(self, code: str) -> None:
        self.lot_combo.setCurrentIndex(self.lot_combo.findText(code))

    def show_lot(self) -> None:
        ctx, code = self.context(), self.lot_combo.currentText()
        if ctx is None or not code:
            return
        self.grading = self.attempt(lambda: current_grading(ctx, code))
        if self.grading is None:
            self.summary_label.setText(self.tr("Lot {0} has no current grading.").format(code))
            self.criteria_view.set_frame(pd.DataFrame(columns=[c.key for c in CRITERIA_COLUMNS]))
            return
        g = self.grading
        grade = g.grade or self.tr("no grade")
        limiting = "".join(f"<li>{text}</li>" for text in limiting_words(g, interface_language()))
        self.summary_label.setText(
            self.tr(
                "<b>{0}: grade {1}</b> ({2}), family {3}; criteria {4} {5}, rule {6}; graded {7} by {8}{9}"
            ).format(
                g.lot_code,
                grade,
                word(g.status),
                g.family or "-",
                g.criteria.id,
                g.criteria.version,
                self.rule_text(g.rule),
                g.graded_on.isoformat(),
                g.graded_by,
                (self.tr("<br>Limiting parameters (why not a better grade):") + f"<ul>{limiting}</ul>")
                if limiting
                else "",
            )
            + self._untested_and_screens(g)
        )
        self.criteria_view.set_frame(criteria_frame(g))

    def rule_text(self, rule) -> str:  # type: ignore[no-untyped-def]
        """The decision rule in words (core.decision_rules.DecisionRule.describe, worded here)."""
        if rule.kind is RuleKind.SIMPLE:
            return self.tr("simple acceptance (w = 0)")
        return self.tr("{0}, w = {1} U").format(word(rule.kind), f"{rule.guard_factor:g}")

    def _untested_and_screens(self, g: StoredGrading) -> str:
        """What the set's source requires and the lab did not test, and each screen's statement (which
        ends with its own "not assessed" list), in the interface language (issue 23)."""
        lang = interface_language()
        key = "not_assessed_ja" if lang == "ja" else "not_assessed"
        untested = g.result.get(key) or g.result.get("not_assessed") or []
        sep = "、" if lang == "ja" else ", "
        text = (
            self.tr("<br>Not assessed (required by the set's source, not tested): {0}").format(
                html.escape(sep.join(untested))
            )
            if untested
            else ""
        )
        rows = []
        for screen in g.screens:
            title = (screen["screen"].get("title_ja") if lang == "ja" else None) or screen["screen"]["title"]
            said = screen.get("statement", {})
            rows.append(f"<li>{html.escape(title)}: {html.escape(said.get(lang) or said.get('en', ''))}</li>")
        if rows:
            text += self.tr("<br>Regulatory screens:") + f"<ul>{''.join(rows)}</ul>"
        return text

    def _grade(self, run: int | None, lots: list[str] | None) -> None:
        ctx = self.context()
        user = self.acting_user(Action.GRADE)
        if user is None or ctx is None:
            return
        criteria, rule = self.set_combo.currentData() or None, self.rule_combo.currentData() or None
        self.run_task(
            lambda progress: grade_lots(
                ctx, user, run=run, lots=lots, criteria=criteria, rule=rule, progress=progress
            ),
            self.tr("Grading..."),
            self._graded,
        )

    def grade_lot(self) -> None:
        code = self.lot_combo.currentText()
        if not code:
            self.show_error(self.tr("Choose a lot to grade."))
            return
        self._grade(None, [code])

    def grade_run(self) -> None:
        run = self.runs.selected()
        if run is None:
            self.show_error(self.tr("Choose a run whose lots to grade."))
            return
        self._grade(run, None)

    def _graded(self, summaries: list) -> None:
        self.show_lot()
        self.show_message(batch_summary(summaries, interface_language()))
