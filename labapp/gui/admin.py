"""The Administration page: users, laboratory, methods, criteria sets, instrument profiles, signing keys.

Every change goes through a service with the acting user; the services say who may do what.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from labapp.gui.admin_common import AdminTab, ContextSource, UserSource
from labapp.gui.admin_criteria import CriteriaTab
from labapp.gui.admin_keys import KeysTab
from labapp.gui.admin_lab import LaboratoryTab
from labapp.gui.admin_methods import MethodsTab
from labapp.gui.admin_profiles import ProfilesTab
from labapp.gui.admin_users import UsersTab


class AdminPage(QWidget):
    """Tabs load lazily: a tab reads its services the first time it is shown after a reload."""

    def __init__(self, context: ContextSource, acting_user: UserSource) -> None:
        super().__init__()
        self.users_tab = UsersTab(context, acting_user)
        self.laboratory_tab = LaboratoryTab(context, acting_user)
        self.methods_tab = MethodsTab(context, acting_user)
        self.criteria_tab = CriteriaTab(context, acting_user)
        self.profiles_tab = ProfilesTab(context, acting_user)
        self.keys_tab = KeysTab(context, acting_user)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("administration_tabs")
        titles = (self.tr("&Users"), self.tr("La&boratory"), self.tr("Me&thods"), self.tr("&Criteria sets"),
                  self.tr("Instrument &profiles"), self.tr("Signing &keys"))
        for tab, title in zip(self.all_tabs(), titles, strict=True):
            self.tabs.addTab(tab, title)
        self._stale: set[int] = set(range(self.tabs.count()))
        self.tabs.currentChanged.connect(self._load_if_stale)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def all_tabs(self) -> tuple[AdminTab, ...]:
        return (self.users_tab, self.laboratory_tab, self.methods_tab, self.criteria_tab, self.profiles_tab,
                self.keys_tab)

    def reload(self) -> None:
        """Mark every tab stale and load the visible one (after a new database or user)."""
        self._stale = set(range(self.tabs.count()))
        if self.isVisible():
            self._load_if_stale(self.tabs.currentIndex())

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt override
        super().showEvent(event)
        self._load_if_stale(self.tabs.currentIndex())

    def _load_if_stale(self, index: int) -> None:
        if index in self._stale:
            self._stale.discard(index)
            tab = self.tabs.widget(index)
            if isinstance(tab, AdminTab):
                tab.reload()
