"""The streaming .xlsx reader: exact cell texts, and one-line refusals of damaged, hostile or
oversized workbooks naming the cell, row or member (never a library's exception)."""

import datetime as dt
import io
import random
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from labapp.core.errors import InputFileError
from labapp.importers.xlsx import Limits, Sheet, is_workbook, read_sheets, sheet_names

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET1 = "xl/worksheets/sheet1.xml"
REAL_WORKBOOKS = [
    "perkinelmer_syngistix_nexion/nexion350x.xlsx",
    "thermo_arl_performx/Results XRF.xlsx",
    "pg_instruments_dv5000/PGDV5000ICP.xlsx",
    "perkinelmer_syngistix_winlab/Lotus Avio Environmental 22-07 XLS.xlsx",
]


# -- building workbooks -----------------------------------------------------------------------


def saved(tmp_path: Path, book: openpyxl.Workbook) -> bytes:
    book.save(tmp_path / "book.xlsx")
    return (tmp_path / "book.xlsx").read_bytes()


def sheet_xml(rows: str, head: str = "", ns: str = MAIN) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}">{head}'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def styles_xml(formats: list[int | str]) -> str:
    """Cell format 0 is General; format i + 1 uses formats[i] (a built-in id or a custom code)."""
    custom = [f for f in formats if isinstance(f, str)]
    ids = {code: 164 + i for i, code in enumerate(custom)}
    fmts = "".join(f'<numFmt numFmtId="{ids[c]}" formatCode="{escape(c)}"/>' for c in custom)
    xfs = "".join(f'<xf numFmtId="{ids.get(f, f)}"/>' for f in formats)
    return (
        f'<styleSheet xmlns="{MAIN}"><numFmts>{fmts}</numFmts>'
        '<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>'
        f'<cellXfs><xf numFmtId="0"/>{xfs}</cellXfs></styleSheet>'
    )


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def book(
    sheets: dict[str, str],
    shared: list[str] | None = None,
    styles: str | None = None,
    workbook_pr: str = "",
    parts: dict[str, bytes | str | None] | None = None,
    stored: bool = False,
) -> bytes:
    """A hand-made workbook: sheets (name -> worksheet XML), shared strings (<si> contents)."""
    entries = "".join(
        f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(sheets, 1)
    )
    rels = [
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    ]
    files: dict[str, bytes | str | None] = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_pr}'
        f"<sheets>{entries}</sheets></workbook>",
    }
    for i, xml in enumerate(sheets.values(), 1):
        files[f"xl/worksheets/sheet{i}.xml"] = xml
    if shared is not None:
        rels.append(f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        files["xl/sharedStrings.xml"] = (
            f'<sst xmlns="{MAIN}">' + "".join(f"<si>{s}</si>" for s in shared) + "</sst>"
        )
    if styles is not None:
        rels.append(f'<Relationship Id="rIdT" Type="{REL}/styles" Target="styles.xml"/>')
        files["xl/styles.xml"] = styles
    files["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    files.update(parts or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            if content is not None:
                z.writestr(name, content)
    return out.getvalue()


def one_sheet(rows: str, **kwargs) -> list[tuple[int, list[str]]]:
    return read_sheets(book({"Sheet1": sheet_xml(rows)}, **kwargs), "t.xlsx")[0].rows


def refusal(data: bytes, **kwargs) -> InputFileError:
    with pytest.raises(InputFileError) as info:
        read_sheets(data, "t.xlsx", **kwargs)
    assert "\n" not in str(info.value) and str(info.value).startswith("t.xlsx")
    return info.value


# -- cell texts from workbooks openpyxl writes --------------------------------------------------


def test_numbers_and_texts_are_exact(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Results"
    for row in [
        ["Sample", "Ag 107\n(cps)", " padded ", "0.50"],
        [20250331, 74202, -3, 0.0239],
        [1e-06, 2.5e16, 1.0, "BM-1"],
    ]:
        ws.append(row)
    sheets = read_sheets(saved(tmp_path, wb), "t.xlsx")
    assert sheets == [
        Sheet(
            "Results",
            [
                (1, ["Sample", "Ag 107\n(cps)", " padded ", "0.50"]),
                (2, ["20250331", "74202", "-3", "0.0239"]),
                (3, ["1e-06", "2.5e+16", "1", "BM-1"]),
            ],
        )
    ]


def test_rich_text_booleans_and_errors(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = CellRichText(["Ni ", TextBlock(InlineFont(b=True), "231.604")])
    ws["B1"] = True
    ws["C1"] = False
    ws["D1"] = "#N/A"
    ws["E1"] = "#DIV/0!"
    assert read_sheets(saved(tmp_path, wb), "t.xlsx")[0].rows == [
        (1, ["Ni 231.604", "TRUE", "FALSE", "#N/A", "#DIV/0!"])
    ]


def test_dates_and_times_become_iso_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = dt.datetime(2025, 3, 31, 14, 5, 9)  # custom yyyy-mm-dd h:mm:ss
    ws["A2"] = dt.date(2025, 3, 31)  # custom yyyy-mm-dd
    ws["A3"] = dt.time(8, 30)  # built-in 21 h:mm:ss
    ws["A4"] = dt.timedelta(hours=36, minutes=2)  # [hh]:mm:ss
    ws["A5"] = dt.datetime(2025, 3, 31)
    ws["A5"].number_format = "mm-dd-yy"  # built-in 14
    ws["A6"] = 45747.25
    ws["A6"].number_format = "mm-dd-yy"  # a date format, a value with a time of day
    ws["A7"] = 45747.5
    ws["A7"].number_format = "m/d/yy h:mm"  # built-in 22
    ws["A8"] = 0.75
    ws["A8"].number_format = "h:mm AM/PM"  # built-in 18
    ws["A9"] = 45747.5
    ws["A9"].number_format = "0.00E+00"  # built-in 11: a number
    rows = read_sheets(saved(tmp_path, wb), "t.xlsx")[0].rows
    assert [cells[0] for _, cells in rows] == [
        "2025-03-31 14:05:09",
        "2025-03-31",
        "08:30:00",
        "36:02:00",
        "2025-03-31",
        "2025-03-31 06:00:00",
        "2025-03-31 12:00:00",
        "18:00:00",
        "45747.5",
    ]


def test_the_1904_date_system(tmp_path):
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    wb.active["A1"] = dt.datetime(2025, 3, 31, 6, 0)
    wb.active["A2"] = dt.date(1999, 12, 31)
    assert read_sheets(saved(tmp_path, wb), "t.xlsx")[0].rows == [
        (1, ["2025-03-31 06:00:00"]),
        (2, ["1999-12-31"]),
    ]
    for flag in ("1", "true"):
        data = book(
            {"S": sheet_xml('<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>1.5</v></c></row>')},
            styles=styles_xml([14]),
            workbook_pr=f'<workbookPr date1904="{flag}"/>',
        )
        assert read_sheets(data, "t.xlsx")[0].rows == [(1, ["1904-01-01", "1904-01-02 12:00:00"])]


def test_sparse_cells_empty_rows_and_trailing_blanks(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C2"] = 1
    ws["A5"] = "x"
    ws["F5"] = 2
    ws["H5"].number_format = "0.00"  # a styled blank after the last value
    ws["B7"].number_format = "0.00"  # a row of styled blanks only
    ws["A9"] = ""
    assert read_sheets(saved(tmp_path, wb), "t.xlsx")[0].rows == [
        (2, ["", "", "1"]),
        (5, ["x", "", "", "", "", "2"]),
    ]


def test_sheets_in_order_selected_and_their_heads(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Raw Intensities"
    for name in (" Org Concentrations", "QC"):
        wb.create_sheet(name)
    for i, ws in enumerate(wb.worksheets):
        for r in range(1, 101):
            ws.append([f"{ws.title}-{r}", r * (i + 1)])
    data = saved(tmp_path, wb)
    assert is_workbook(data) and not is_workbook(b"Sample,Ni\n")
    assert sheet_names(data, "t.xlsx") == ["Raw Intensities", " Org Concentrations", "QC"]
    every = read_sheets(data, "t.xlsx")
    assert [s.name for s in every] == ["Raw Intensities", " Org Concentrations", "QC"]
    assert every[2].rows[99] == (100, ["QC-100", "300"])
    chosen = read_sheets(data, "t.xlsx", wanted=lambda name: name.strip().startswith("Org"))
    assert [(s.name, len(s.rows)) for s in chosen] == [(" Org Concentrations", 100)]
    heads = read_sheets(data, "t.xlsx", max_rows=3)
    assert [s.rows for s in heads][1] == [
        (1, [" Org Concentrations-1", "2"]),
        (2, [" Org Concentrations-2", "4"]),
        (3, [" Org Concentrations-3", "6"]),
    ]
    assert read_sheets(data, "t.xlsx", lambda name: False) == []
    assert read_sheets(data, "t.xlsx", max_rows=0)[0] == Sheet("Raw Intensities", [])


# -- cell texts from hand-made XML --------------------------------------------------------------


def test_cell_types_excel_writes():
    rows = one_sheet(
        '<row r="1">'
        '<c r="A1" t="str"><f>CONCAT("a","b")</f><v>a b</v></c>'
        '<c r="B1"><f>1+1</f></c>'  # a formula without a cached value: empty
        '<c r="C1" t="d"><v>2025-03-31T12:00:00</v></c>'
        '<c r="D1" t="e"><v>#VALUE!</v></c>'
        '<c r="E1" t="b"><v>0</v></c>'
        '<c r="F1" t="inlineStr"><is><r><t>Co </t></r><r><rPr><b/></rPr><t>228.616</t></r>'
        "<rPh><t>ko</t></rPh></is></c>"
        '<c r="G1" t="n"><v>1.0</v></c>'
        '<c r="H1"><v>not a number</v></c>'
        '<c r="I1"><v>NaN</v></c>'
        '<c r="J1"><v>0.1000000000000000055511</v></c>'
        '<c r="K1"><v>123456789012345678</v></c>'
        '<c r="L1" t="s"><v>0</v></c><c r="M1" t="s"><v>1</v></c><c r="N1" t="s"><v>2</v></c>'
        "</row>",
        shared=[
            "<r><t>Ni</t></r><r><t xml:space='preserve'> 231</t></r><rPh sb='0' eb='1'><t>ni</t></rPh>",
            "<t>Ag 107_x000D_\n(cps)</t>",
            "<t>_x005F_x0041_</t>",
        ],
    )
    assert rows == [
        (
            1,
            [
                "a b", "", "2025-03-31 12:00:00", "#VALUE!", "FALSE", "Co 228.616", "1", "not a number",
                "NaN", "0.1", "1.2345678901234568e+17", "Ni 231", "Ag 107\r\n(cps)", "_x0041_",
            ],
        )
    ]  # fmt: skip


def test_cells_and_rows_without_references_follow_the_previous_ones():
    rows = one_sheet(
        '<row><c><v>1</v></c><c t="inlineStr"><is><t>b</t></is></c></row>'
        '<row r="5"><c r="C5"><v>3</v></c><c><v>4</v></c></row>'
        "<row><c><v>5</v></c></row>"
        '<row r="9"><c r="D9"><v>7</v></c><c r="B9"><v>6</v></c></row>'  # out of order
    )
    assert rows == [(1, ["1", "b"]), (5, ["", "", "3", "4"]), (6, ["5"]), (9, ["", "6", "", "7"])]


@pytest.mark.parametrize(
    ("fmt", "value", "text"),
    [
        (14, "45747", "2025-03-31"),
        (14, "45747.5", "2025-03-31 12:00:00"),
        (22, "45747", "2025-03-31 00:00:00"),
        (18, "45747.75", "18:00:00"),
        (46, "1.5", "36:00:00"),
        (47, "0.0006944444444444445", "00:01:00"),
        (58, "45747", "2025-03-31"),
        (11, "45747.5", "45747.5"),
        (49, "45747", "45747"),
        (14, "1", "1900-01-01"),
        (14, "59", "1900-02-28"),
        (14, "61", "1900-03-01"),
        (14, "0.25", "06:00:00"),
        (14, "-1", "-1"),
        (14, "3000000", "3000000"),
        ("dd.mm.yyyy", "45747", "2025-03-31"),
        ("d/m/yyyy hh:mm", "45747.5", "2025-03-31 12:00:00"),
        ("hh:mm:ss", "45747.5", "12:00:00"),
        ("[h]:mm", "1.5", "36:00:00"),
        ("[$-409]mmmm d, yyyy", "45747", "2025-03-31"),
        ("mm:ss.0", "0.5", "12:00:00"),
        ("General", "45747.5", "45747.5"),
        ("0.00E+00", "45747.5", "45747.5"),
        ("0.0 mm", "45747.5", "45747.5"),
        ('"day "0', "45747", "45747"),
        ('#,##0.00\\ "h"', "45747", "45747"),
        ("[Red]0.00;[Blue]-0.00", "45747.5", "45747.5"),
        ("_(* #,##0_);_(@_)", "45747", "45747"),
        # percent formats show the number x 100 with its unit (S8 Tiger TiO2 0.0027 shown 0.27 %)
        (10, "0.0027", "0.27 %"),
        (9, "1", "100 %"),
        ("0.000%", "0.00125", "0.125 %"),
        ('0.00"%"', "0.27", "0.27"),  # a quoted % is text, not a scale
    ],
)
def test_number_formats_decide_dates(fmt, value, text):
    rows = one_sheet(f'<row r="1"><c r="A1" s="1"><v>{value}</v></c></row>', styles=styles_xml([fmt]))
    assert rows == [(1, [text])]


def test_prefixed_and_strict_namespaces_and_absolute_targets():
    sheet = (
        f'<x:worksheet xmlns:x="{STRICT}"><x:sheetData><x:row r="3"><x:c r="B3" t="s"><x:v>0</x:v></x:c>'
        '<x:c r="C3" s="1"><x:v>45747</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    rels = (
        f'<Relationships xmlns="{PKG}">'
        '<Relationship Id="a" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" '
        'Target="/xl/worksheets/data.xml"/>'
        '<Relationship Id="b" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings" '
        'Target="/xl/strings.xml"/>'
        '<Relationship Id="c" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/styles" '
        'Target="../xl/./styles.xml"/></Relationships>'
    )
    workbook = (
        f'<x:workbook xmlns:x="{STRICT}" xmlns:rel="http://purl.oclc.org/ooxml/officeDocument/relationships">'
        '<x:sheets><x:sheet name="Data" sheetId="1" rel:id="a"/></x:sheets></x:workbook>'
    )
    data = book(
        {},
        parts={
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": rels,
            "xl/worksheets/data.xml": sheet,
            "xl/strings.xml": f'<x:sst xmlns:x="{STRICT}"><x:si><x:t>Li</x:t></x:si></x:sst>',
            "xl/styles.xml": styles_xml([14]).replace(MAIN, STRICT),
        },
    )
    assert read_sheets(data, "t.xlsx") == [Sheet("Data", [(3, ["", "Li", "2025-03-31"])])]


def test_a_workbook_without_shared_strings_or_styles_reads():
    data = book({"S": sheet_xml('<row r="1"><c r="A1" s="3"><v>45747</v></c></row>')})
    assert read_sheets(data, "t.xlsx")[0].rows == [(1, ["45747"])]


# -- hostile and damaged workbooks ---------------------------------------------------------------


def test_a_dimension_claiming_every_cell_costs_nothing():
    data = book(
        {
            "S": sheet_xml(
                '<row r="1"><c r="A1" t="inlineStr"><is><t>Ni</t></is></c></row>'
                '<row r="1048576"><c r="A1048576"><v>1</v></c><c r="B1048576"><v>2</v></c></row>',
                head='<dimension ref="A1:XFD1048576"/>',
            )
        }
    )
    rows = read_sheets(data, "t.xlsx", limits=Limits(max_cells=3, max_seconds=5))[0].rows
    assert rows == [(1, ["Ni"]), (1048576, ["1", "2"])]


def test_cells_far_right_count_against_the_cell_limit():
    rows = "".join(f'<row r="{r}"><c r="XFD{r}"><v>{r}</v></c></row>' for r in range(1, 11))
    error = refusal(book({"Wide": sheet_xml(rows)}), limits=Limits(max_cells=100_000))
    assert error.line == "Wide!7"
    assert error.reason == (
        "the workbook would need more than 100,000 cells (limit); "
        "this row is 16,384 cells wide (to column XFD)"
    )


def test_a_member_declaring_more_than_the_byte_limit_is_refused_unread():
    data = bytearray(book({"S": sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')}))
    name = SHEET1.encode()
    header = data.rfind(name) - 46  # the central directory entry, after the member's local header
    assert data[header : header + 4] == b"PK\x01\x02"
    data[header + 24 : header + 28] = (3 * 2**30).to_bytes(4, "little")  # declared uncompressed size
    error = refusal(bytes(data))
    assert (error.line, error.reason) == (
        SHEET1,
        "the workbook's sheets would uncompress to more than 256 MiB (limit)",
    )


def test_a_zip_directory_larger_than_a_workbook_needs_is_refused_unparsed():
    data = bytearray(book({"S": sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')}))
    end = data.rindex(b"PK\x05\x06")
    data[end + 12 : end + 16] = (5 * 2**20).to_bytes(4, "little")  # the central directory's size
    error = refusal(bytes(data))
    assert (error.line, error.reason) == (
        None,
        "the workbook's zip directory is 5 MiB, more than an Excel workbook needs (4 MiB, limit)",
    )


def test_a_huge_shared_string_in_a_small_zip_is_refused_on_its_declared_size():
    data = book(
        {"S": sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')},
        shared=["<t>" + "A" * (20 * 2**20) + "</t>"],
    )
    assert len(data) < 100_000
    error = refusal(data, limits=Limits(max_bytes=10 * 2**20))
    assert (error.line, error.reason) == (
        "xl/sharedStrings.xml",
        "the workbook's sheets would uncompress to more than 10 MiB (limit)",
    )


def test_a_text_longer_than_excel_allows_is_refused():
    error = refusal(
        book(
            {"S": sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')},
            shared=["<t>" + "A" * 40_000 + "</t>"],
        )
    )
    assert error.line == "xl/sharedStrings.xml" and "longer than 32,767 characters" in error.reason
    error = refusal(book({"S": sheet_xml(f'<row r="2"><c r="B2" t="str"><v>{"7" * 40_000}</v></c></row>')}))
    assert error.line == "S!B2" and "longer than 32,767 characters" in error.reason


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1 if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


@pytest.mark.parametrize("member", [SHEET1, "xl/workbook.xml", "xl/sharedStrings.xml"])
def test_entity_declarations_are_refused(member):
    sheet = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    data = book({"S": sheet}, shared=["<t>x</t>"])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        original = z.read(member).decode()
    hostile = BILLION_LAUGHS + original.replace('<?xml version="1.0" encoding="UTF-8"?>', "").replace(
        "<t>x</t>", "<t>&lol9;</t>"
    )
    data = book({"S": sheet}, shared=["<t>x</t>"], parts={member: hostile})
    error = refusal(data)
    assert (error.line, error.reason) == (
        member,
        "XML entity declarations are not allowed (a DOCTYPE in the workbook)",
    )


def test_a_truncated_zip_is_damaged(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    data = saved(tmp_path, wb)
    error = refusal(data[: len(data) // 2])
    assert error.line is None and error.reason.startswith("damaged Excel workbook (")


def test_a_changed_byte_inside_a_member_fails_its_crc():
    data = book({"S": sheet_xml('<row r="1"><c r="A1"><v>12345</v></c></row>')}, stored=True)
    at = data.index(b"<v>12345</v>") + 3
    damaged = data[:at] + b"9" + data[at + 1 :]
    error = refusal(damaged)
    assert error.line == SHEET1
    assert error.reason == f"damaged Excel workbook (Bad CRC-32 for file '{SHEET1}')"


def test_garbage_inside_a_compressed_member_is_damaged():
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r * 7919 % 1000}</v></c></row>' for r in range(1, 2000))
    data = bytearray(book({"S": sheet_xml(rows)}))
    start = data.index(b"PK\x03\x04", data.index(SHEET1.encode()) - 30)
    body = start + 30 + len(SHEET1)
    data[body + 200 : body + 260] = bytes(range(60))
    error = refusal(bytes(data))
    assert error.reason.startswith("damaged Excel workbook (")


def test_an_xml_syntax_error_names_the_member_line_and_row():
    sheet = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>\n<row r="2"><c r="A2"><v>2</v></row>')
    error = refusal(book({"Run 1": sheet}))
    assert error.line == "Run 1!2"
    assert error.reason.startswith(f"damaged Excel workbook (XML error in {SHEET1}, line 2, column ")
    assert error.reason.endswith(": mismatched tag)")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "an Excel 97-2003 .xls workbook (or an encrypted .xlsx): labapp reads .xlsx; "
            "save it as .xlsx or CSV",
        ),
        (b"Sample;Ni\nA;1\n", "damaged Excel workbook (not a zip archive)"),
        (b"PK\x03\x04" + bytes(100), "damaged Excel workbook (File is not a zip file)"),
    ],
)
def test_files_that_are_no_zip(data, reason):
    error = refusal(data)
    assert (error.line, error.reason) == (None, reason)


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        (["readme.txt"], "a zip archive but not an Excel workbook (it has no xl/workbook.xml)"),
        (
            ["xl/workbook.bin", "xl/worksheets/sheet1.bin"],
            "an Excel binary workbook (.xlsb): labapp reads .xlsx;",
        ),
        (["mimetype", "content.xml"], "an OpenDocument spreadsheet (.ods): labapp reads .xlsx;"),
    ],
)
def test_zips_that_are_no_workbook(members, reason):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in members:
            z.writestr(name, "x")
    error = refusal(out.getvalue())
    assert error.line is None and error.reason.startswith(reason)
    with pytest.raises(InputFileError):
        sheet_names(out.getvalue(), "t.xlsx")


def test_the_time_limit_stops_the_read():
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r / 7}</v></c></row>' for r in range(1, 5000)
    )
    error = refusal(book({"S": sheet_xml(rows)}), limits=Limits(max_seconds=0.0))
    assert error.reason == "reading took longer than 0 s (limit)"


def test_the_file_size_limit():
    error = refusal(book({"S": sheet_xml("")}), limits=Limits(max_file_bytes=100))
    assert error.reason.startswith("is ") and error.reason.endswith(
        "more than the 100 bytes an export may have (limit)"
    )


@pytest.mark.parametrize(
    ("cells", "location", "reason"),
    [
        (
            '<c r="A2"><v>1</v></c><c r="B2" t="s"><v>5</v></c>',
            "S!B2",
            "shared string 5 does not exist (the workbook has 1)",
        ),
        ('<c r="C2" t="s"><v>-1</v></c>', "S!C2", "bad shared-string index '-1'"),
        ('<c r="C2" t="s"><v>x</v></c>', "S!C2", "bad shared-string index 'x'"),
        ('<c r="XFE2"><v>1</v></c>', "S!2", "bad cell reference 'XFE2'"),
        ('<c r="B"><v>1</v></c>', "S!2", "bad cell reference 'B'"),
        ('<c r="A2" s="9"><v>1</v></c>', "S!A2", "style 9 does not exist (the workbook has 2)"),
        ('<c r="A2" s="a"><v>1</v></c>', "S!A2", "bad style index 'a'"),
    ],
)
def test_bad_references_name_the_cell(cells, location, reason):
    data = book({"S": sheet_xml(f'<row r="2">{cells}</row>')}, shared=["<t>Ni</t>"], styles=styles_xml([14]))
    error = refusal(data)
    assert (error.line, error.reason) == (location, reason)


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ('<row r="0"><c><v>1</v></c></row>', "bad row number '0'"),
        ('<row r="x"><c><v>1</v></c></row>', "bad row number 'x'"),
        ('<row r="1048577"><c><v>1</v></c></row>', "bad row number '1048577'"),
        ('<row r="1048576"/><row><c><v>1</v></c></row>', "bad row number 1048577"),
    ],
)
def test_bad_row_numbers_are_refused(rows, reason):
    error = refusal(book({"S": sheet_xml(rows)}))
    assert (error.line, error.reason) == (SHEET1, reason)


def test_a_sheet_missing_from_the_zip_is_named():
    data = book({"Gone": sheet_xml("")}, parts={SHEET1: None})
    assert sheet_names(data, "t.xlsx") == ["Gone"]
    error = refusal(data)
    assert (
        error.reason
        == "damaged Excel workbook (sheet 'Gone' has no part 'xl/worksheets/sheet1.xml' in the zip)"
    )


def test_max_rows_stops_before_the_rest_is_read():
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 101))
    data = book({"S": sheet_xml(rows + "<row><c><v>1</v></row>")})  # damaged after row 100
    assert read_sheets(data, "t.xlsx", max_rows=10)[0].rows == [(r, [str(r)]) for r in range(1, 11)]
    assert refusal(data).line == "S!101"


def test_random_damage_is_refused_in_one_line_or_read():
    """Whatever bytes change, the reader returns sheets or raises InputFileError, nothing else."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>{r % 3}</v></c><c r="B{r}" s="1"><v>{45000 + r / 3}</v></c>'
        f'<c r="C{r}" t="inlineStr"><is><t>x{r}</t></is></c></row>'
        for r in range(1, 40)
    )
    shared = ["<t>Ni</t>", "<r><t>Co</t></r><rPh><t>k</t></rPh>", "<t>Mn</t>"]
    originals = [
        book({"S": sheet_xml(rows)}, shared=shared, styles=styles_xml(["yyyy-mm-dd hh:mm"]), stored=stored)
        for stored in (True, False)
    ]
    rng = random.Random(20250331)
    outcomes = {"read": 0, "refused": 0}
    for i in range(400):
        data = bytearray(originals[i % 2])
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            read_sheets(bytes(data), "t.xlsx")
            outcomes["read"] += 1
        except InputFileError as exc:
            assert "\n" not in str(exc)
            outcomes["refused"] += 1
    assert outcomes["read"] > 0 and outcomes["refused"] > 0


# -- the real instrument workbooks, cell by cell against openpyxl --------------------------------


def _openpyxl_text(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


@pytest.mark.real_files
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", REAL_WORKBOOKS)
def test_real_workbooks_match_openpyxl(real_files_dir, name):
    path = real_files_dir / name
    data = path.read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # labapp's reader warns about nothing
        sheets = read_sheets(data, path)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        assert [s.name for s in sheets] == workbook.sheetnames == sheet_names(data, path)
        compared = 0
        for sheet in sheets:
            mine = {n: cells for n, cells in sheet.rows if n <= 50}
            theirs = {}
            for n, values in enumerate(workbook[sheet.name].iter_rows(max_row=50, values_only=True), 1):
                texts = [_openpyxl_text(v) for v in values]
                while texts and texts[-1] == "":
                    texts.pop()
                if texts:
                    theirs[n] = texts
            assert mine.keys() == theirs.keys(), sheet.name
            for n, texts in theirs.items():
                assert len(mine[n]) == len(texts), f"{sheet.name}!{n}"
                for a, b in zip(mine[n], texts, strict=True):
                    if a.endswith(" %") and not isinstance(b, str):  # a percent format: shown x 100
                        a, b = float(a[:-2]), pytest.approx(float(b) * 100, rel=1e-12)
                    assert a == b if isinstance(b, str) else float(a) == b, f"{sheet.name}!{n}: {a!r} {b!r}"
                    compared += 1
        assert compared > 100
    finally:
        workbook.close()


@pytest.mark.real_files
def test_the_arl_workbook_claiming_a_million_rows_reads_its_own(real_files_dir):
    data = (real_files_dir / "thermo_arl_performx/Results XRF.xlsx").read_bytes()
    (sheet,) = read_sheets(data, "Results XRF.xlsx", limits=Limits(max_cells=1_000))
    assert sheet.name == "Exported Analyses" and len(sheet.rows) == 6
    assert sheet.rows[2][1][6:8] == ["20250331", "74202"] and sheet.rows[2][1][10] == "0.0239"
    head = read_sheets(data, "Results XRF.xlsx", max_rows=2)[0]
    assert [n for n, _ in head.rows] == [1, 2]
