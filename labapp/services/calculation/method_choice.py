"""Which method calculates a run: the one named, else the run's own earlier choice, else its lines.

A laboratory may hold two methods of one technique (the black-mass ICP-OES method and the trace-element
method for Pb, Cd and Cr): the technique alone no longer names the method. A method calculated with
the wrong run gives no error, only wrong numbers, so the choice is never a guess:

1. a method named by the user (``--method``, the service's ``method_id``) wins, once it fits the run: a
   method of another technique, or one of whose lines the run read none, is refused (calculated, it
   would store plausible wrong numbers or fail deep inside the calculation);
2. else the method of the run's latest stored calculation, while it is still loaded and of the run's
   technique (so plots, exclusions and recalculations keep the choice made once);
3. else the only method of the run's technique;
4. else the methods whose lines the run read (element and wavelength, or the element alone when the
   file names no line): exactly one must fit. Two fitting, or none, is a refusal in one line naming
   the run and the candidates, and how to choose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from labapp.core.errors import LabappError
from labapp.core.methods import Method, normalise_line
from labapp.core.remedies import Remedy

HOW_TO_CHOOSE = Remedy.CHOOSE_METHOD.label()  # the CLI adds its option, the desktop its Method list


def read_lines(frame: pd.DataFrame) -> frozenset[tuple[str, str]]:
    """The (element, line) pairs a run read; the line is '' where the file names none."""
    pairs = zip(frame["element"].astype(str), frame["line"].map(normalise_line), strict=True)
    return frozenset((element.strip(), line) for element, line in pairs if element.strip())


def lines_read(method: Method, read: Iterable[tuple[str, str]]) -> list[str]:
    """The method's lines the run read, as 'Pb 220.353' (an element read without a line counts once)."""
    read = set(read)
    found = []
    for analyte in method.analytes:
        if (analyte.element, "") in read:
            found.append(analyte.element)
        found += [f"{analyte.element} {s.line}" for s in analyte.lines if (analyte.element, s.line) in read]
    return found


def choose_method(
    run_label: str,
    technique: str | None,
    frame: pd.DataFrame,
    methods: Mapping[str, Method],
    method_id: str | None = None,
    previous: str | None = None,
) -> Method:
    """The method for a run (the rule in the module's docstring); `run_label` names it in refusals."""
    if method_id is not None:
        if method_id not in methods:
            raise LabappError(f"no method {method_id!r} (known: {', '.join(sorted(methods))})")
        return _named_fits(run_label, technique, frame, methods[method_id])
    kind = (technique or "").lower()
    candidates = sorted((m for m in methods.values() if m.technique == kind), key=lambda m: m.id)
    if previous is not None and any(m.id == previous for m in candidates):
        return methods[previous]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise LabappError(
            f"run {run_label!r} ({technique or 'unknown technique'}): no method of that technique is loaded"
        )
    read = read_lines(frame)
    fitting = [m for m in candidates if lines_read(m, read)]
    if len(fitting) == 1:
        return fitting[0]
    names = ", ".join(m.id for m in candidates)
    if not fitting:
        raise LabappError(
            f"run {run_label!r}: none of its lines is a line of {names}; {HOW_TO_CHOOSE}",
            remedy=Remedy.CHOOSE_METHOD,
            subject=run_label,
        )
    both = "; ".join(f"{m.id} ({_few(lines_read(m, read))})" for m in fitting)
    raise LabappError(
        f"run {run_label!r}: its lines fit {len(fitting)} methods: {both}; {HOW_TO_CHOOSE}",
        remedy=Remedy.CHOOSE_METHOD,
        subject=run_label,
    )


def _named_fits(run_label: str, technique: str | None, frame: pd.DataFrame, method: Method) -> Method:
    """The named method when the run is of its technique and read at least one of its lines."""
    if (technique or "").lower() != method.technique:
        raise LabappError(
            f"run {run_label!r} ({technique or 'unknown technique'}): method {method.id!r} is for "
            f"{method.technique.upper()} runs; choose a method of the run's technique"
        )
    if not lines_read(method, read_lines(frame)):
        wanted = [f"{a.element} {s.line}".strip() for a in method.analytes for s in a.lines] or [
            a.element for a in method.analytes
        ]
        raise LabappError(
            f"run {run_label!r} read none of the lines of method {method.id!r} ({_few(wanted)}); "
            "choose the method whose lines the run read"
        )
    return method


def _few(lines: list[str]) -> str:
    return ", ".join(lines) if len(lines) <= 3 else f"{', '.join(lines[:3])} and {len(lines) - 3} more"
