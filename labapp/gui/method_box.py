"""The Runs page's Method list: which calculation method a run is calculated with.

By default the services choose (labapp.services.calculation.method_choice: the run's earlier choice,
the only method of its technique, or the one its lines fit); when a run's lines fit two methods, the
refusal names this list, and the technician picks the method here instead of typing a command.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from labapp.gui.translation import interface_language
from labapp.services.administration.methods import load_methods


class MethodBox(QComboBox):
    """First item: let the run's lines decide (None); then each calculation method by its title."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(self.tr("The calculation method; by default the run's lines choose it"))
        # long method titles must not widen the Runs page's bar at 1280x720: the list shows them whole
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self.technique: str | None = None
        self.show_technique(None)

    def show_technique(self, technique: str | None) -> None:
        """Offer only the methods of the run's technique (all while no run is chosen): a method of
        another technique would be refused by the services (calculation.method_choice)."""
        kind = technique.lower() if technique else None
        if self.count() and kind == self.technique:
            return
        keep = self.chosen() if self.count() else None
        self.technique = kind
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("Method: by the run's lines"), None)
        ja = interface_language() == "ja"
        for method in sorted(load_methods().values(), key=lambda m: m.id):
            if kind is None or method.technique == kind:
                title = (method.name_ja or method.name) if ja else method.name
                self.addItem(f"{method.id} v{method.version}: {title}", method.id)
        self.setCurrentIndex(max(self.findData(keep), 0) if keep is not None else 0)
        self.blockSignals(False)

    def chosen(self) -> str | None:
        """The method id the user picked, or None to let the services choose."""
        return self.currentData()
