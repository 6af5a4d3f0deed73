"""Administration > Instrument profiles: the formats labapp reads, and "try a file" against all of them.

Trying a file shows every profile's detection score (the importer's own rules) and, when one profile
recognises the file, the first rows it reads: nothing is stored. "New format..." opens the profile
assistant on a sample export of a format no profile reads; a profile it saves joins the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout

from labapp.gui.admin_common import AdminTab, ContextSource, UserSource
from labapp.gui.frame_view import TIDY_PREVIEW_COLUMNS, FrameView
from labapp.gui.profile_assistant import ProfileAssistant
from labapp.gui.table_page import TablePage
from labapp.importers import TIDY_COLUMNS, all_profiles, read_export
from labapp.importers.ranking import Ranking, rank_file
from labapp.services.administration.instrument_profiles import SavedProfile

PROFILE_COLUMNS = (  # a profile by its file's name (its id is the file's stem, what --profile takes)
    ("file", "Profile file"),
    ("name", "Name"),
    ("vendor", "Vendor"),
    ("technique", "Technique"),
    ("family", "Layout"),
    ("origin", "Installed by"),
    ("source", "Checked against"),
    ("score", "Score"),
    ("roles", "Columns found"),
    ("reason", "Why not"),
)
PREVIEW_ROWS = 200


@dataclass(frozen=True)
class ProfileRow:
    id: str
    name: str
    vendor: str
    technique: str
    family: str
    origin: str
    source: str
    score: int | None
    roles: str
    reason: str
    file: str  # the profile's TOML file name (the id is its stem): a name the lab chose, not our identifier


class ProfilesTab(AdminTab):
    def __init__(self, context: ContextSource, acting_user: UserSource) -> None:
        super().__init__(context, acting_user)
        self.ranking: Ranking | None = None
        self.assistant: ProfileAssistant | None = None
        self.page = TablePage(PROFILE_COLUMNS)
        self.try_button = QPushButton(self.tr("Tr&y a file..."))
        self.try_button.clicked.connect(self.ask_file)
        self.new_button = QPushButton(self.tr("&New format..."))
        self.new_button.setToolTip(self.tr("Describe a format no profile reads, on a sample export"))
        self.new_button.clicked.connect(self.ask_new_format)
        self.verdict_label = QLabel(self.tr("Choose an instrument export to see which profile reads it."))
        self.verdict_label.setWordWrap(True)
        self.preview = FrameView(TIDY_PREVIEW_COLUMNS)
        bar = QHBoxLayout()
        bar.addWidget(self.try_button)
        bar.addWidget(self.new_button)
        bar.addWidget(self.verdict_label, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("profiles_splitter")
        self.splitter.addWidget(self.page)
        self.splitter.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

    def reload(self) -> None:
        if self.ranking is None:
            self.page.set_records(
                [
                    ProfileRow(
                        p.id,
                        p.name,
                        p.vendor,
                        p.technique,
                        self.layout_text(p.family),
                        self.tr(p.origin.label),
                        self.source_text(p.source),
                        None,
                        "",
                        "",
                        Path(p.path).name,
                    )
                    for p in sorted(all_profiles(), key=lambda p: p.id)
                ]
            )

    def layout_text(self, family: str) -> str:
        """A profile's file layout (its `family`) in words; an unknown one as written."""
        words = {
            "long": self.tr("long: a row per reading"),
            "wide": self.tr("wide: a column per analyte"),
            "blocks": self.tr("blocks: a block per sample"),
            "positional": self.tr("positional: fields by position"),
        }
        return words.get(family, family)

    def source_text(self, source: str) -> str:
        """What a profile was checked against, in words."""
        words = {"real": self.tr("real exports"), "documented": self.tr("the vendor's documentation")}
        return words.get(source, source)

    def ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Try an instrument export"),
            "",
            self.tr("Instrument exports (*.csv *.txt *.xlsx *.xls);;All files (*)"),
        )
        if path:
            self.try_file(Path(path))

    def try_file(self, path: Path) -> Ranking:
        """Score the file against every profile and preview it with the best one."""
        self.ranking = rank_file(path)
        known = {p.id: p for p in all_profiles()}
        self.page.set_records(
            [
                ProfileRow(
                    e.profile_id,
                    e.name,
                    e.vendor,
                    e.technique,
                    self.layout_text(known[e.profile_id].family),
                    self.tr(e.origin.label),
                    self.source_text(known[e.profile_id].source),
                    e.score,
                    str(e.roles_found),
                    e.reason,
                    Path(known[e.profile_id].path).name,
                )
                for e in self.ranking.entries
            ]
        )
        self.page.table.sortByColumn(PROFILE_COLUMNS.index(("score", "Score")), Qt.SortOrder.DescendingOrder)
        best = self.ranking.best
        if best is None:
            self.verdict_label.setText(self.tr("{0}: {1}").format(path.name, self.ranking.error))
            self.preview.set_frame(pd.DataFrame(columns=list(TIDY_COLUMNS)))
            return self.ranking
        result = self.attempt(lambda: read_export(path, best.profile_id))
        if result is None:
            self.verdict_label.setText(
                self.tr("{0}: recognised as {1}, but it cannot be read").format(path.name, best.profile_id)
            )
            return self.ranking
        self.preview.set_frame(result.frame.head(PREVIEW_ROWS))
        self.verdict_label.setText(
            self.tr(
                "{0}: read by {1} ({2} columns found by their names), {3} readings; the first {4} are shown"
            ).format(
                path.name,
                best.profile_id,
                best.roles_found,
                len(result.frame),
                min(PREVIEW_ROWS, len(result.frame)),
            )
        )
        return self.ranking

    def ask_new_format(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a sample export of the new format"),
            "",
            self.tr("Instrument exports (*.csv *.txt *.xlsx *.xls);;All files (*)"),
        )
        if path:
            self.new_format(Path(path))

    def new_format(self, path: Path) -> ProfileAssistant:
        """Open the profile assistant on a sample export (not modal, so files can still be tried here)."""
        self.assistant = ProfileAssistant(self, self.context, self.acting_user, path)
        self.assistant.saved.connect(self._profile_saved)
        self.assistant.show()
        return self.assistant

    def _profile_saved(self, saved: SavedProfile) -> None:
        """The list shows the catalog again, with the new profile in it."""
        self.ranking = None
        self.reload()
        self.verdict_label.setText(self.tr("Profile {0} saved to {1}.").format(saved.profile_id, saved.path))
