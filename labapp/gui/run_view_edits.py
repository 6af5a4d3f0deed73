"""Taking a standard point or a replicate off the curve and putting it back, from the run view's plot
(click a point) and its points grid (context menu): a reason is asked, the service records the
exclusion (audited, permission-checked, refused with its reason once the run is signed), and the run is
recalculated in the background, so the curve, residuals and results shown afterwards are the new ones."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QInputDialog, QMenu

from labapp.gui.results_actions import locked_reason
from labapp.gui.run_view_curve import EXCLUSION_ROLE, LABEL_ROLE
from labapp.security.roles import Action
from labapp.services.calculation import curve_edits
from labapp.services.calculation.calculate import calculate_run


class CurveEditing:
    """Mixed into the run view page (a ViewPage with `calibration`, `points`, `plot` and `current_line()`)."""

    def ask_reason(self, title: str) -> str | None:
        """The reason typed by the user (None when cancelled); tests replace this."""
        text, ok = QInputDialog.getText(self, title, self.tr("Reason (kept in the audit trail):"))
        return text if ok else None

    def ask_replicate(self, replicates: list[int]) -> int | None:
        choices = [str(r) for r in replicates]
        text, ok = QInputDialog.getItem(
            self, self.tr("Exclude a replicate"), self.tr("Replicate:"), choices, 0, False
        )
        return int(text) if ok and text else None

    def point_clicked(self, label: str, exclusion_id: int) -> None:
        """A click on a standard takes it off the curve; on an excluded standard, puts it back."""
        if exclusion_id:
            self.restore_point(exclusion_id)
        else:
            self.exclude_point(label)

    def exclude_point(self, label: str) -> bool:
        line = self.current_line()
        if line is None:
            return False
        return self._edit(
            self.tr("Exclude standard {0} from {1}").format(label, line.title),
            lambda ctx, user, run, reason: curve_edits.exclude_point(
                ctx, user, run, line.element, line.line, label, reason
            ),
        )

    def exclude_replicate(self, label: str, replicate: int | None = None) -> bool:
        line, ctx, run = self.current_line(), self.context(), self.runs.selected()
        if line is None or ctx is None or run is None:
            return False
        if replicate is None:
            found = self.attempt(lambda: curve_edits.replicates_of(ctx, run, line.element, line.line, label))
            replicate = self.ask_replicate(found or [])
            if replicate is None:
                return False
        return self._edit(
            self.tr("Exclude replicate {0} of {1} from {2}").format(replicate, label, line.title),
            lambda ctx, user, run, reason: curve_edits.exclude_replicate(
                ctx, user, run, line.element, line.line, label, replicate, reason
            ),
        )

    def restore_point(self, exclusion_id: int) -> bool:
        return self._edit(
            self.tr("Put the excluded point back on the curve"),
            lambda ctx, user, run, reason: curve_edits.restore(ctx, user, exclusion_id, reason),
        )

    def _edit(self, title: str, change: Callable) -> bool:
        """Ask the reason, record the change (quick; a refusal is shown at once), then recalculate."""
        ctx, run = self.context(), self.runs.selected()
        if ctx is None or run is None:
            return False
        locked = locked_reason(self, run)
        if locked:
            self.show_error(locked)
            return False
        user = self.acting_user(Action.EXCLUDE_OR_OVERRIDE)
        if user is None:
            return False
        reason = self.ask_reason(title)
        if reason is None:
            return False
        if self.attempt(lambda: change(ctx, user, run, reason) or True) is None:
            return False
        self.progress.abandon()
        return self.run_task(
            lambda progress: calculate_run(ctx, run, user, progress),
            self.tr("Recalculating with the change..."),
            self._recalculated,
        )

    def _recalculated(self, _summary: object) -> None:
        self.reload()
        self.show_message(
            self.tr(
                "Recorded with its reason and recalculated: the curve and results shown are the new ones."
            )
        )

    def points_menu(self, position: QPoint) -> None:
        item = self.points.itemAt(position)
        if item is None:
            return
        label, exclusion = item.data(0, LABEL_ROLE), int(item.data(0, EXCLUSION_ROLE))
        menu = QMenu(self)
        if exclusion > 0:
            menu.addAction(
                self.tr("Put this point back on the curve..."), lambda: self.restore_point(exclusion)
            )
        elif exclusion == 0:
            menu.addAction(self.tr("Exclude this standard point..."), lambda: self.exclude_point(label))
            menu.addAction(self.tr("Exclude one replicate..."), lambda: self.exclude_replicate(label))
        for restored in self._exclusions_of(label):
            menu.addAction(
                self.tr("Put replicate {0} back...").format(restored.replicate),
                lambda r=restored.id: self.restore_point(r),
            )
        if not menu.isEmpty():
            menu.exec(self.points.viewport().mapToGlobal(position))

    def _exclusions_of(self, label: str) -> list:
        line, ctx, run = self.current_line(), self.context(), self.runs.selected()
        if line is None or ctx is None or run is None:
            return []
        found = self.attempt(lambda: curve_edits.run_exclusions(ctx, run)) or []
        return [
            e
            for e in found
            if e.replicate is not None
            and e.sample_label == label
            and (e.element, str(e.line)) == (line.element, line.line)
        ]
