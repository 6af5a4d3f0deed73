"""No layer compares a stored word as a string: outcomes, decision rules, states and flags are typed.

Every vocabulary (labapp.services.vocabulary.ALL_VOCABULARIES: the core's words, the store's states,
the certificate twin's and the services' own) is defined once as an enum whose members carry the
stored value and its labels. This walks labapp/ and fails on a string literal equal to one of those
values (or aliases) where code decides on it: a comparison (==, !=, in, is), pandas' .eq/.ne/.isin, or
an assignment to a state-like attribute (state, status, outcome, verdict, qc_state, rule_kind). The
members' own definitions (the bodies of Vocabulary classes) are where the values are spelled.
"""

from __future__ import annotations

import ast
from pathlib import Path

from labapp.services.vocabulary import ALL_VOCABULARIES, Vocabulary

LABAPP = Path(__file__).resolve().parents[1] / "labapp"
STATE_ATTRIBUTES = {"state", "status", "outcome", "verdict", "qc_state", "rule_kind"}
# (file, literal): the same spelling in another vocabulary that is not (yet) typed, and why.
ALLOWED = {
    ("core/qc_checks.py", "certified"): "a method's crm_acceptance (recovery / certified), not a lot state",
    ("core/qc_checks.py", "unknown"): "the tidy frame's sample_type (importers' contract), not a currency",
    ("core/runorder.py", "unknown"): "the tidy frame's sample_type",
    ("services/calculation/inputs.py", "unknown"): "the tidy frame's sample_type",
    # QcCheck names three checks after the sample types they judge; the tidy frame's sample_type
    # (the importers' contract) and a preparation's kind spell the same words for solutions
    ("core/pipeline_solution.py", "spike"): "the tidy frame's sample_type",
    ("core/pipeline_solution.py", "crm"): "the tidy frame's sample_type",
    ("core/qc_checks.py", "crm"): "the tidy frame's sample_type",
    ("core/qc_checks.py", "spike"): "the tidy frame's sample_type",
    ("core/qc_checks.py", "duplicate"): "the tidy frame's sample_type",
    ("core/runorder.py", "duplicate"): "the tidy frame's sample_type",
    ("core/runorder.py", "spike"): "the tidy frame's sample_type",
    ("services/calculation/inputs.py", "crm"): "the tidy frame's sample_type",
    ("services/importing/lot_inputs.py", "spike"): "a preparation's kind (store.lots.PREPARATION_KINDS)",
    ("core/pipeline_solid.py", "method_blank"): "the name of the frame's method-blank level column",
    ("core/uncertainty/method.py", "crm"): "the method file's [crm] table",
    ("importers/xlsx.py", "t"): "an OOXML cell's type attribute (t=\"s\"), not a price unit",
}


def _words() -> dict[str, list[str]]:
    words: dict[str, list[str]] = {}
    for vocabulary in ALL_VOCABULARIES:
        for member in vocabulary:
            for text in (member.value, *member.aliases):
                words.setdefault(text, []).append(vocabulary.__name__)
    return words


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [text for element in node.elts for text in _strings(element)]
    return []


def _decided(node: ast.AST) -> list[str]:
    """String literals `node` decides on or stores as a state."""
    if isinstance(node, ast.Compare):
        return [text for part in (node.left, *node.comparators) for text in _strings(part)]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"eq", "ne", "isin"}
    ):
        return [text for arg in node.args for text in _strings(arg)]
    if isinstance(node, ast.Assign):
        targets = [
            t for target in node.targets for t in (target.elts if isinstance(target, ast.Tuple) else [target])
        ]
        if any(isinstance(t, ast.Attribute) and t.attr in STATE_ATTRIBUTES for t in targets):
            return _strings(node.value)
    if isinstance(node, ast.keyword) and node.arg in STATE_ATTRIBUTES:
        return _strings(node.value)
    return []


def _definitions(tree: ast.AST) -> set[int]:
    """Nodes inside the body of a Vocabulary subclass (where the members are spelled)."""
    names = {v.__name__ for v in ALL_VOCABULARIES} | {Vocabulary.__name__}
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
            isinstance(b, ast.Name) and b.id in names for b in node.bases
        ):
            inside |= {id(n) for n in ast.walk(node)}
    return inside


def literal_words(root: Path = LABAPP) -> list[str]:
    words = _words()
    found: list[tuple[str, int, str]] = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _definitions(tree)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            for text in _decided(node):
                if text in words and (where, text) not in ALLOWED:
                    found.append((where, node.lineno, f"{text!r} ({'/'.join(words[text])})"))
    return [f"labapp/{where}:{line}: {what}" for where, line, what in sorted(found)]


def test_no_layer_decides_on_a_stored_word_spelled_as_a_string() -> None:
    found = literal_words()
    assert not found, "compare the enum member, not its text:\n" + "\n".join(found)


def test_the_scan_finds_the_old_string_comparisons(tmp_path: Path) -> None:
    """Comparisons like those of issue 16 are caught (each word, in line order). 'inconclusive', a word
    the core never wrote, is not one of the values: the typed outcome makes such a test impossible."""
    (tmp_path / "old.py").write_text(
        "rank = {'pass': 0}\n"
        "frame['conditional'] = [outcomes.get(k) == 'inconclusive' for k in keys]\n"
        "frame['out_of_spec'] = frame['outcome'].eq('fail')\n"
        "if lot.state != 'approved':\n    pass\n"
        "record.state = 'calculated'\n"
        "row = Certificate(state='issued')\n"
        "ok = rule.kind in ('simple', 'binary-guarded')\n",
        encoding="utf-8",
    )
    found = [line.split(": ", 1)[1] for line in literal_words(tmp_path)]
    assert [f.split(" ")[0] for f in found] == [
        "'fail'",
        "'approved'",
        "'calculated'",
        "'issued'",
        "'binary-guarded'",
        "'simple'",
    ]


def test_allowed_spellings_are_still_there() -> None:
    """An allowance that no longer matches anything is removed, so the list cannot hide new cases."""
    words = _words()
    for (where, text), _why in ALLOWED.items():
        tree = ast.parse((LABAPP / where).read_text(encoding="utf-8"))
        assert text in words and any(text in _decided(node) for node in ast.walk(tree)), (where, text)


def test_docs_list_every_word_with_its_labels() -> None:
    """docs/vocabulary.md shows each table as the code has it (regenerate the rows when a word changes)."""
    doc = (LABAPP.parent / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    for vocabulary in ALL_VOCABULARIES:
        assert f"### `{vocabulary.__name__}`" in doc, vocabulary
        for member in vocabulary:
            row = f"| `{member.value}` | {member.label('en')} | {member.label('ja')} |"
            assert row in doc, row
