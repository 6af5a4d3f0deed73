"""The display names of the analytes a panel test reports (issue 21): one table, English and Japanese.

Elements measured by ICP-OES or XRF are known to a reader by their symbol (Ni, Co). The panel
analytes are not: "F" is total fluorine and "F_ws" water-soluble fluoride, two different analytes a
buyer must not confuse; "C" is total carbon, "D50" a particle size; and moisture, LOI, acid-insoluble
matter and the largest particle size are words, not symbols. Each has its name here once, in English
and Japanese, and `analyte_name` words an analyte for a results table, the grading page and the
certificate: a word-named analyte by its name, a panel symbol by its name with the symbol, an element
or a sum as written.
"""

from __future__ import annotations

from labapp.core.vocabulary import Vocabulary


class AnalyteName(Vocabulary):
    """A panel analyte's display name: value = its identifier (the criteria sets' and results' key)."""

    F = "F", "total fluorine", "全フッ素"
    F_WS = "F_ws", "water-soluble fluoride", "水溶性フッ化物"
    C = "C", "carbon", "炭素"
    MOISTURE = "moisture", "moisture (as received)", "水分（受領時）"
    PARTICLE_SIZE = "particle_size", "largest particle size", "最大粒径"
    LOI = "LOI", "loss on ignition", "強熱減量"
    AIM = "AIM", "acid-insoluble matter", "酸不溶解分"
    D10 = "D10", "particle size D10 (volume)", "粒子径 D10（体積基準）"
    D50 = "D50", "particle size D50 (volume)", "粒子径 D50（体積基準）"
    D90 = "D90", "particle size D90 (volume)", "粒子径 D90（体積基準）"

    @property
    def word_named(self) -> bool:
        """Named by a word, not a symbol: the name stands alone (no identifier beside it)."""
        return self in _WORD_NAMED

    @property
    def symbol_in_name(self) -> bool:
        """The name already shows the symbol (D10 ... D90): not repeated after it."""
        return self.value in self._en


_WORD_NAMED = frozenset({AnalyteName.MOISTURE, AnalyteName.PARTICLE_SIZE, AnalyteName.LOI, AnalyteName.AIM})
NAMED = {m.value: m for m in AnalyteName}


def analyte_name(label: str, lang: str = "en") -> str:
    """An analyte as a reader knows it in `lang`: "water-soluble fluoride (F_ws)" / "水溶性フッ化物 (F_ws)",
    "loss on ignition" / "強熱減量", "particle size D50 (volume)"; an element or a sum (Ni, Ni+Co) as
    written."""
    member = NAMED.get(label)
    if member is None:
        return label
    if member.word_named or member.symbol_in_name:
        return member.label(lang)
    return f"{member.label(lang)} ({member.value})"
