"""Find English in the Japanese part of a certificate's extracted text (issue 19, item 5).

Every word of a Japanese certificate that is not a name, code or unit must be Japanese. pdftotext
gives the page text; a run of two or more consecutive English words (ASCII letters) that are not
names, codes or units is an English sentence in the Japanese part. Names and codes come from the
certificate's own data (laboratory, client, people, lots, methods) plus a small list of standards,
symbols and units; an all-capitals word (ICP-OES, CCV, NCM) and a word with a digit are codes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from labapp.certificates.model import CertificateData
from labapp.core.analytes import ANALYTES, WORD_NAMED

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'’]*(?:[-.][A-Za-z0-9]+)*")
_SEPARATOR_IN_RUN = re.compile(r"^[\s,;:()/&\-]*$")  # what may stand between two words of one sentence
# standards, symbols and units a Japanese certificate prints as they are
_RUN_IN_ROLE = re.compile(r"\(run (.+)\)")
ALLOWED = {
    "ISO",
    "IEC",
    "ILAC-G8",
    "T/CPCIF",
    "JCGM",
    "GUM",
    "EU",
    "PAdES",
    "JSON",
    "SHA-256",
    "QR",
    "PDF",
    "UTC",
    "LOQ",
    "U",
    "k",
    "w",
    "wt",
    "kg",
    "mg",
    "mm",
    "um",  # micrometre, the D-values' unit (issue 21), as the twin writes it
    "m",  # the printed µm: the word pattern reads only the m after µ
    "C",
    "x",
    "labapp",
    "verify",
    "pdfsig",
    "Li2CO3",
    "Ni",
    "Co",
    "Mn",
    "Li",
    "Cu",
    "Al",
    "Fe",
    "P",
    "F",
    "F_ws",
    "Zn",
    "Pb",
    "Cd",
    "Cr",
    "moisture",
    "particle_size",
    "https",
    "http",
    "rev",
    "g",
    "mL",
    "HCl",
    "HNO3",
    "Agilent",  # the instrument maker in a method's title: a name
    "PerkinElmer",  # the trace method's instrument, PerkinElmer Avio 550 Max: a product name
    "Avio",
    "Max",
    "Fastmarkets",  # the publisher a criteria source cites: a name
}


def _run_names(data: CertificateData) -> list[str]:
    """The runs' names (given at import, e.g. "ICP-OES trace 2026-03-19") in the signers' roles."""
    return [m.group(1) for s in data.signatures for m in [_RUN_IN_ROLE.search(s.role or "")] if m]


def names_and_codes(data: CertificateData) -> set[str]:
    """The words of the certificate's names and codes: they stay as written in any language."""
    texts = [
        data.laboratory.name,
        data.laboratory.address,
        data.laboratory.verification,
        data.client.name,
        data.client.contact,
        data.lot.lot_id,
        data.lot.shipment_id,
        data.lot.declared_chemistry,
        *data.lot.container_ids,
        *data.lot.bag_ids,
        *data.lot.seal_ids,
        data.sampling.sampled_by,
        data.criteria.id if data.criteria else None,
        data.certificate.number,
        *(s.name for s in data.signatures),
        *_run_names(data),
        *(r.method for r in data.results),
        *(a for a in ANALYTES if a not in WORD_NAMED),
    ]
    return {word for text in texts if text for word in _WORD.findall(text)}


def _is_code(word: str, allowed: set[str]) -> bool:
    bare = word.strip("'’.")
    return (
        bare in allowed
        or any(ch.isdigit() for ch in bare)
        or (len(bare) > 1 and bare.replace("-", "").replace("/", "").isupper())
        or all(part in allowed or part.isupper() for part in re.split(r"[-./]", bare) if part)
    )


def english_runs(line: str, allowed: set[str]) -> list[str]:
    """Runs of >= 2 consecutive English words in `line` that are not names, codes or units."""
    runs, current, last_end = [], [], 0
    for match in _WORD.finditer(line):
        word = match.group()
        joined = _SEPARATOR_IN_RUN.match(line[last_end : match.start()]) is not None
        if _is_code(word, allowed) or not joined:
            if len(current) >= 2:
                runs.append(" ".join(current))
            current = []
        if not _is_code(word, allowed):
            current.append(word)
        last_end = match.end()
    if len(current) >= 2:
        runs.append(" ".join(current))
    return runs


def offending_lines(text: str, allowed: set[str]) -> list[str]:
    """The lines of `text` holding an English sentence, each with the runs found."""
    out = []
    for line in text.splitlines():
        runs = english_runs(line, allowed)
        if runs:
            out.append(f"{line.strip()}    <- {runs}")
    return out


def english_words(text: str, allowed: set[str]) -> Counter[str]:
    """Every English word of `text` that is not a name, code or unit, counted."""
    return Counter(w for w in _WORD.findall(text) if not _is_code(w, allowed))


def surplus(bilingual: Counter[str], english: Counter[str]) -> list[str]:
    """English words a bilingual certificate prints more often than the English one: English that
    stands where its Japanese should be."""
    return sorted(f"{word} x{n - english[word]}" for word, n in bilingual.items() if n > english[word])


def allowed_words(data: CertificateData, extra: Iterable[str] = ()) -> set[str]:
    return ALLOWED | names_and_codes(data) | set(extra)
