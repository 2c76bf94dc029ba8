#!/usr/bin/python3
# Runs with Debian's /usr/bin/python3 (3.11) and python3-openpyxl (3.0.9);
# make.sh calls it. Other Pythons or openpyxl versions may write other bytes.
"""The fictional 安宁县 (county 2): ledgers written by programs other than ours.

gen.py OUT SCRATCH writes into OUT the registry and every workbook written
with openpyxl, the CSV files written by Python, and truth.json; into SCRATCH
the .fods and .csv sources that make.sh converts with LibreOffice (soffice)
and iconv. The truth is computed here, from the records the files are made
of, never by reading a file back.

Deterministic: every random choice comes from random.Random seeded with a
string naming what it describes (string seeds are hashed with SHA-512, not
with Python's per-process hash), nothing iterates a set, workbooks carry
fixed document properties and their zip entries a fixed time.
"""

import csv
import datetime as dt
import io
import json
import os
import random
import sys
import zipfile
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

COUNTY = "安宁县"
YEAR = 2024
REGION = "990815"  # unassigned region code: no real unit has these credit codes
GROUP_A = "A类 乡镇街道"
GROUP_B = "B类 县直部门"
FIXED = dt.datetime(2025, 1, 15, 9, 0, 0)
SITE = "https://www.anning-county.example"

D = dt.date


def rng(*key):
    return random.Random("安宁县/" + "/".join(str(k) for k in key))


def day_of(off):
    return D(YEAR, 1, 1) + dt.timedelta(days=off)


def plus(d, n):
    return d + dt.timedelta(days=n)


def serial(d):
    return (d - D(1899, 12, 30)).days


PEOPLE = ["张敏", "李娜", "王强", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴芳", "徐涛", "孙颖", "马骏", "朱琳", "胡斌", "郭婷"]

# ---------------------------------------------------------------- registry

# name, aliases (、), type, group, 事业单位
UNIT_DEFS = [
    ("安宁县城南镇人民政府", "城南镇、城南镇政府", "乡镇", GROUP_A, False),
    ("安宁县河口镇人民政府", "河口镇", "乡镇", GROUP_A, False),
    ("安宁县松山镇人民政府", "松山镇、松山镇政府", "乡镇", GROUP_A, False),
    ("安宁县杏林乡人民政府", "杏林乡", "乡镇", GROUP_A, False),
    ("安宁县金沙乡人民政府", "金沙乡", "乡镇", GROUP_A, False),
    ("安宁县北门街道办事处", "北门街道、北门街道办", "街道", GROUP_A, False),
    ("安宁县发展和改革局", "县发改局、发改局", "部门", GROUP_B, False),
    ("安宁县教育体育局", "县教体局、教体局", "部门", GROUP_B, False),
    ("安宁县财政局", "县财政局、财政局", "部门", GROUP_B, False),
    ("安宁县人力资源和社会保障局", "县人社局、人社局", "部门", GROUP_B, False),
    ("安宁县自然资源和规划局", "县自然资源局、自然资源局", "部门", GROUP_B, False),
    ("安宁县住房和城乡建设局", "县住建局、住建局", "部门", GROUP_B, False),
    ("安宁县农业农村局", "", "部门", GROUP_B, False),
    ("安宁县卫生健康局", "县卫健局、卫健局、安宁卫健", "部门", GROUP_B, False),
    ("安宁县市场监督管理局", "县市场监管局、市场监管局", "部门", GROUP_B, False),
    ("安宁县融媒体中心", "县融媒体中心、融媒体中心", "部门", GROUP_B, True),
]

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_check(first17):
    s = sum(CREDIT_ALPHABET.index(ch) * w for ch, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - s % 31) % 31]


def make_units():
    r = rng("credit-codes")
    units = []
    for name, aliases, typ, group, inst in UNIT_DEFS:
        kind, body = ("12", "MB") if inst else ("11", "0")
        while len(body) < 8:
            body += str(r.randrange(10))
        first17 = kind + REGION + body + "0123456789X"[r.randrange(11)]
        units.append({"name": name, "aliases": [a for a in aliases.split("、") if a], "code": first17 + credit_check(first17),
                      "type": typ, "group": group})
    return units


UNITS = make_units()


def unit(short):
    for u in UNITS:
        if u["name"] == short or short in u["aliases"]:
            return u["name"]
    raise KeyError(short)


# ---------------------------------------------------------------- sheet model


class C:
    """A cell as written: a value (str, int, float, date, datetime) and how it looks."""

    def __init__(self, v, fmt=None, quote=False):
        self.v, self.fmt, self.quote = v, fmt, quote


# Number formats by name, for openpyxl and for the .fods date styles.
FORMATS = {"ymd": "yyyy-mm-dd", "ymd/": "yyyy/m/d", "dt": "yyyy-mm-dd hh:mm", "cn": 'yyyy"年"m"月"d"日"', "text": "@"}


class Sheet:
    def __init__(self, name, state="visible"):
        self.name, self.state = name, state
        self.cells = {}  # (row, col) → C, 1-based
        self.merges = []  # (r1, c1, r2, c2)
        self.hidden_rows, self.hidden_cols = [], []
        self.autofilter = None  # (r1, c1, r2, c2)
        self.filter = None  # (column offset in the range, [values shown])
        self.widths = {}
        self.validations = []  # (formula, sqref)
        self.freeze = None
        self.print_area = None  # (r1, c1, r2, c2)
        self.print_rows = None  # "2:3": rows repeated on every printed page (openpyxl)

    def put(self, r, c, v):
        if v is None or v == "":
            self.cells.pop((r, c), None)
            return
        self.cells[(r, c)] = v if isinstance(v, C) else C(v)

    def row(self, r, values, c0=1):
        for i, v in enumerate(values):
            self.put(r, c0 + i, v)

    def merge(self, r1, c1, r2, c2):
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))

    def size(self):
        rows = max([r for r, _ in self.cells] + [m[2] for m in self.merges] + [0])
        cols = max([c for _, c in self.cells] + [m[3] for m in self.merges] + [0])
        return rows, cols


class Book:
    def __init__(self):
        self.sheets = []
        self.chartsheet = None  # (title, source sheet, data cols, rows) for openpyxl
        self.pivot = None  # for .fods: dict(name, sheet, source, row_field, data_field)

    def add(self, sheet):
        self.sheets.append(sheet)
        return sheet


def a1(r, c):
    return f"{get_column_letter(c)}{r}"


# ---------------------------------------------------------------- writers

def write_openpyxl(book, path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in book.sheets:
        ws = wb.create_sheet(sh.name)
        ws.sheet_state = sh.state
        for (r, c), cell in sorted(sh.cells.items()):
            x = ws.cell(row=r, column=c, value=cell.v)
            if cell.fmt:
                x.number_format = FORMATS[cell.fmt]
            elif isinstance(cell.v, dt.datetime):
                x.number_format = FORMATS["dt"]
            elif isinstance(cell.v, dt.date):
                x.number_format = FORMATS["ymd"]
            if cell.quote:
                x.quotePrefix = True
            if isinstance(cell.v, str) and "\n" in cell.v:
                x.alignment = Alignment(wrap_text=True, vertical="top")
        for r1, c1, r2, c2 in sh.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for r in sh.hidden_rows:
            ws.row_dimensions[r].hidden = True
        for c in sh.hidden_cols:
            ws.column_dimensions[get_column_letter(c)].hidden = True
        for c, w in sorted(sh.widths.items()):
            ws.column_dimensions[get_column_letter(c)].width = w
        if sh.autofilter:
            r1, c1, r2, c2 = sh.autofilter
            ws.auto_filter.ref = f"{a1(r1, c1)}:{a1(r2, c2)}"
            if sh.filter:
                ws.auto_filter.add_filter_column(sh.filter[0], sh.filter[1])
        for formula, sqref in sh.validations:
            dv = DataValidation(type="list", formula1=formula, allow_blank=True)
            dv.add(sqref)
            ws.add_data_validation(dv)
        if sh.freeze:
            ws.freeze_panes = sh.freeze
        if sh.print_area:
            ws.print_area = "%s:%s" % (a1(*sh.print_area[:2]), a1(*sh.print_area[2:]))
        if sh.print_rows:
            ws.print_title_rows = sh.print_rows
    if book.chartsheet:
        title, src, col, r1, r2 = book.chartsheet
        ws = wb[src]
        chart = BarChart()
        chart.title = title
        chart.y_axis.title = "件数"
        chart.add_data(Reference(ws, min_col=col, min_row=r1, max_row=r2), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=r1 + 1, max_row=r2))
        cs = wb.create_chartsheet("图表")
        cs.add_chart(chart)
    wb.properties.creator = "安宁县政务公开办"
    wb.properties.lastModifiedBy = "安宁县政务公开办"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    buf = io.BytesIO()
    wb.save(buf)
    write_zip_fixed(buf.getvalue(), path)


def write_zip_fixed(data, path):
    """Rewrites a zip with every entry dated FIXED: zipfile stamps entries
    with the current time, the one thing that keeps openpyxl's output from
    being the same bytes on every run."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            out.writestr(zi, src.read(info.filename))


FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:meta><meta:creation-date>2025-01-15T09:00:00</meta:creation-date><dc:date>2025-01-15T09:00:00</dc:date><meta:initial-creator>安宁县政务公开办</meta:initial-creator><dc:creator>安宁县政务公开办</dc:creator></office:meta>
<office:automatic-styles>
<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>
<style:style style:name="ta0" style:family="table"><style:table-properties table:display="false"/></style:style>
<number:date-style style:name="Nymd"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<number:date-style style:name="Nymds"><number:year number:style="long"/><number:text>/</number:text><number:month/><number:text>/</number:text><number:day/></number:date-style>
<number:date-style style:name="Ndt"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:date-style>
<number:date-style style:name="Ncn"><number:year number:style="long"/><number:text>年</number:text><number:month/><number:text>月</number:text><number:day/><number:text>日</number:text></number:date-style>
<style:style style:name="cymd" style:family="table-cell" style:data-style-name="Nymd"/>
<style:style style:name="cymds" style:family="table-cell" style:data-style-name="Nymds"/>
<style:style style:name="cdt" style:family="table-cell" style:data-style-name="Ndt"/>
<style:style style:name="ccn" style:family="table-cell" style:data-style-name="Ncn"/>
<style:style style:name="cwrap" style:family="table-cell"><style:table-cell-properties fo:wrap-option="wrap"/></style:style>
<number:text-style style:name="Ntext"><number:text-content/></number:text-style>
<style:style style:name="ctext" style:family="table-cell" style:data-style-name="Ntext"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""

FODS_STYLE = {"ymd": "cymd", "ymd/": "cymds", "dt": "cdt", "cn": "ccn"}


def fods_text(s):
    """Text of a cell as <text:p> paragraphs, spaces kept with <text:s/>."""
    out = []
    for line in s.split("\n"):
        parts, i = [], 0
        while i < len(line):
            if line[i] == " ":
                j = i
                while j < len(line) and line[j] == " ":
                    j += 1
                n = j - i
                # One space between words survives as itself; others are
                # spelled out, as ODF collapses white space.
                if n == 1 and 0 < i and j < len(line):
                    parts.append(" ")
                else:
                    parts.append('<text:s text:c="%d"/>' % n if n > 1 else "<text:s/>")
                i = j
            else:
                j = i
                while j < len(line) and line[j] != " ":
                    j += 1
                parts.append(escape(line[i:j]))
                i = j
        out.append("<text:p>" + "".join(parts) + "</text:p>")
    return "".join(out)


def fods_cell(cell, span):
    attrs = span
    v = cell.v
    if isinstance(v, dt.datetime):
        st = FODS_STYLE[cell.fmt or "dt"]
        return f'<table:table-cell table:style-name="{st}" office:value-type="date" office:date-value="{v.isoformat()}"{attrs}><text:p>{v:%Y-%m-%d %H:%M}</text:p></table:table-cell>'
    if isinstance(v, dt.date):
        st = FODS_STYLE[cell.fmt or "ymd"]
        return f'<table:table-cell table:style-name="{st}" office:value-type="date" office:date-value="{v.isoformat()}"{attrs}><text:p>{v.isoformat()}</text:p></table:table-cell>'
    if isinstance(v, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{v!r}"{attrs}><text:p>{v!r}</text:p></table:table-cell>'
    wrap = ' table:style-name="cwrap"' if "\n" in v else ' table:style-name="ctext"' if cell.fmt == "text" else ""
    return f'<table:table-cell{wrap} office:value-type="string"{attrs}>{fods_text(v)}</table:table-cell>'


def labels(hdr):
    """The header labels of hdr, a list of (label, field)."""
    return [h for h, _ in hdr]


def ledger_sheet(b, t, name, title, header, state="visible"):
    """Adds a sheet with title in row 1, merged over the header's width, and
    header in row 2; t, if given, notes it as a ledger with that header."""
    sh = b.add(Sheet(name, state))
    if t:
        t.sheet(name, "ledger", 2)
    sh.row(1, [title])
    sh.merge(1, 1, 1, len(header))
    sh.row(2, header)
    return sh


def sheet_ref(name, r1, c1, r2, c2):
    return f"'{name}'.{a1(r1, c1)}:'{name}'.{a1(r2, c2)}"


def write_fods(book, path):
    out = [FODS_HEAD]
    for sh in book.sheets:
        nrows, ncols = sh.size()
        anchors = {(m[0], m[1]): m for m in sh.merges}
        covered = set()
        for r1, c1, r2, c2 in sh.merges:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        covered.add((r, c))
        pr = f' table:print-ranges="{sheet_ref(sh.name, *sh.print_area)}"' if sh.print_area else ""
        out.append(f'<table:table table:name="{escape(sh.name)}" table:style-name="{"ta1" if sh.state == "visible" else "ta0"}"{pr}>')
        for c in range(1, ncols + 1):
            vis = ' table:visibility="collapse"' if c in sh.hidden_cols else ""
            out.append(f"<table:table-column{vis}/>")
        for r in range(1, nrows + 1):
            vis = ' table:visibility="collapse"' if r in sh.hidden_rows else ""
            out.append(f"<table:table-row{vis}>")
            for c in range(1, ncols + 1):
                span = ""
                if (r, c) in anchors:
                    m = anchors[(r, c)]
                    if m[2] > m[0]:
                        span += f' table:number-rows-spanned="{m[2] - m[0] + 1}"'
                    if m[3] > m[1]:
                        span += f' table:number-columns-spanned="{m[3] - m[1] + 1}"'
                if (r, c) in covered:
                    out.append("<table:covered-table-cell/>")
                elif (r, c) in sh.cells:
                    out.append(fods_cell(sh.cells[(r, c)], span))
                else:
                    out.append(f"<table:table-cell{span}/>")
            out.append("</table:table-row>")
        out.append("</table:table>")
    ranges = []
    for i, sh in enumerate(book.sheets):
        if sh.autofilter:
            ranges.append(f'<table:database-range table:name="__Anonymous_Sheet_DB__{i}" table:target-range-address="{sheet_ref(sh.name, *sh.autofilter)}" table:display-filter-buttons="true"/>')
    if ranges:
        out.append("<table:database-ranges>" + "".join(ranges) + "</table:database-ranges>")
    if book.pivot:
        p = book.pivot
        out.append(
            "<table:data-pilot-tables>"
            f'<table:data-pilot-table table:name="{p["name"]}" table:target-range-address="{sheet_ref(p["sheet"], *p["target"])}" table:buttons="{sheet_ref(p["sheet"], *p["target"]).split(":")[0]}">'
            f'<table:source-cell-range table:cell-range-address="{sheet_ref(p["source"], *p["range"])}"/>'
            f'<table:data-pilot-field table:source-field-name="{p["row_field"]}" table:orientation="row" table:used-hierarchy="-1"><table:data-pilot-level table:show-empty="false"/></table:data-pilot-field>'
            f'<table:data-pilot-field table:source-field-name="{p["data_field"]}" table:orientation="data" table:function="count"><table:data-pilot-level table:show-empty="false"/></table:data-pilot-field>'
            "</table:data-pilot-table></table:data-pilot-tables>")
    out.append("</office:spreadsheet></office:body></office:document>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def csv_lines(rows):
    """The physical line each CSV record starts on: a quoted cell with a
    line break spans lines, so record numbers (the rows a spreadsheet
    shows) and line numbers part after it."""
    out, line = [], 1
    for row in rows:
        out.append(line)
        line += 1 + sum(str(v).count("\n") for v in row if v is not None)
    return out


def write_csv(rows, path, bom=False):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


# ---------------------------------------------------------------- truth


def jval(v):
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


class FileTruth:
    """What loading one file must give, kept while the file is laid out."""

    def __init__(self, path, writer, kind, unit, layouts, unit_from, scope="unit", refusal=None):
        self.d = {"path": path, "writer": writer, "format": path.rsplit(".", 1)[1], "kind": kind, "scope": scope,
                  "unit": unit, "unit_from": unit_from, "year": YEAR, "layouts": layouts,
                  "expect": "refused" if refusal else "loaded", "refusal": refusal,
                  "sheets": [], "rows": 0, "loaded": 0, "loaded_partial": 0, "bad": [], "other_rows": [], "records": []}
        self.fields = None  # the kind's fields present in the file, in file order
        self.bad_rows = set()

    def sheet(self, name, role, header_row=None, why=None):
        s = {"name": name, "role": role}
        if header_row:
            s["header_row"] = header_row
        if why:
            s["why"] = why
        self.d["sheets"].append(s)

    def rec(self, sheet, row, rec):
        vals = {}
        for f in self.fields:
            v = rec.get(f)
            if v is None and f in BLANK_ZERO:
                v = 0
            vals[f] = jval(v)
        self.d["records"].append({"sheet": sheet, "row": row, "values": vals})

    def bad(self, sheet, row, column, value, why, reason):
        self.d["bad"].append({"sheet": sheet, "row": row, "column": column, "value": value, "why": why, "reason": reason})
        self.bad_rows.add((sheet, row))

    def other(self, sheet, row, what):
        self.d["other_rows"].append({"sheet": sheet, "row": row, "what": what})

    def csv_lines(self, rows):
        """Adds "line" (the physical line a record starts on) wherever it
        differs from "row" (the record number)."""
        lines = csv_lines(rows)
        for x in self.d["records"] + self.d["bad"] + self.d["other_rows"]:
            if lines[x["row"] - 1] != x["row"]:
                x["line"] = lines[x["row"] - 1]

    def done(self):
        d = self.d
        d["rows"] = len(d["records"])
        good = d["rows"] - len({(r["sheet"], r["row"]) for r in d["records"] if (r["sheet"], r["row"]) in self.bad_rows})
        if d["expect"] == "refused":
            d["loaded"], d["loaded_partial"] = 0, 0
        elif self.bad_rows:
            d["expect"] = "refused"
            d["refusal"] = {"why": "bad cells (listed in bad); with --partial the other rows load",
                            "reason": "refused for its bad cells"}
            d["loaded"], d["loaded_partial"] = 0, good
        else:
            d["loaded"] = d["loaded_partial"] = good
        return d


BLANK_ZERO = {"consult_days", "fee", "count", "amount"}

# ---------------------------------------------------------------- records

APP_TYPES = ["自然人"] * 14 + ["商业企业"] * 3 + ["法律服务机构", "科研机构", "社会公益组织", "其他"]
CHANNELS = ["网络"] * 4 + ["当面", "当面", "邮寄", "信函"]
OUTCOME_CODES = ["1"] * 7 + ["2"] * 3 + ["3.4", "3.6", "3.1", "4.1", "4.1", "4.1", "4.2", "4.3", "5.1", "5.2", "5.3", "6.1", "6.3"]
APP_TOPICS = ["2023年度部门决算及“三公”经费支出明细", "某地块国有土地使用权出让合同", "城区老旧小区改造项目资金使用情况",
              "本人户籍所在村土地征收补偿安置方案", "2024年义务教育学区划分依据", "某路段道路拓宽工程规划许可文件",
              "农村低保对象认定标准及名单", "某企业环境影响评价批复", "政府采购项目中标结果及合同", "2024年度财政专项资金分配明细",
              "某小区商品房预售许可证", "医疗机构执业登记信息", "食品生产许可证核发记录", "集体土地所有权确权登记资料",
              "某农贸市场改造项目立项批复", "学校食堂承包经营招标文件"]


def gen_apps(key, pfx, n):
    """n applications of 2024 plus one carried in from 2023 (first) and one
    still open on 31 December (last). Replies come 2–14 days after the clock
    start, so none is late; every outcome is a row of table 三."""
    r = rng("apps", key)
    offs = sorted(r.sample(range(4, 340), n))
    recs = [{"app_no": f"{pfx}2023-{r.randint(40, 60):03d}", "received": D(2023, 12, r.randint(18, 26)),
             "applicant_type": "自然人", "channel": "网络", "content": "申请公开" + r.choice(APP_TOPICS),
             "extended": False, "consult_days": None, "replied": D(2024, 1, r.randint(4, 12)), "outcome": "1",
             "note": "上年结转"}]
    for i, off in enumerate(offs):
        rec = {"app_no": f"{pfx}2024-{i + 1:03d}", "received": day_of(off), "applicant_type": r.choice(APP_TYPES),
               "channel": r.choice(CHANNELS), "content": "申请公开" + r.choice(APP_TOPICS), "extended": False,
               "consult_days": None, "outcome": r.choice(OUTCOME_CODES)}
        start = rec["received"]
        if r.random() < 0.15:
            rec["correction_notice"] = plus(start, 2)
            rec["correction_done"] = plus(start, r.randint(5, 9))
            start = rec["correction_done"]
        rec["replied"] = plus(start, r.randint(2, 14))
        if r.random() < 0.1:
            rec["consult_days"] = 10
            rec["replied"] = plus(start, 24)
        recs.append(rec)
    recs.append({"app_no": f"{pfx}2024-{n + 1:03d}", "received": D(2024, 12, r.randint(20, 27)),
                 "applicant_type": r.choice(APP_TYPES), "channel": "网络", "content": "申请公开" + r.choice(APP_TOPICS),
                 "extended": False, "consult_days": None, "replied": None, "outcome": None, "note": "结转下年度办理"})
    return recs


# How offices write an outcome (every form is one ParseOutcome accepts for
# county 1, or its full-width twin).
OUTCOME_WORDS = {
    "1": ["予以公开", "（一）予以公开"], "2": ["部分公开", "（二）部分公开"],
    "3.1": ["不予公开/1.属于国家秘密"], "3.4": ["（三）不予公开/4.保护第三方合法权益", "不予公开-保护第三方合法权益"],
    "3.6": ["不予公开/6.属于四类过程性信息"], "4.1": ["1.本机关不掌握相关政府信息", "无法提供/本机关不掌握相关政府信息"],
    "4.2": ["无法提供/2.没有现成信息需要另行制作"], "4.3": ["无法提供/3.补正后申请内容仍不明确"],
    "5.1": ["不予处理/1.信访举报投诉类申请"], "5.2": ["不予处理/2.重复申请"], "5.3": ["不予处理/3.要求提供公开出版物"],
    "6.1": ["其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], "6.3": ["其他处理/3.其他"],
}
OUTCOME_FULLWIDTH = {
    "3.4": "（三）不予公开／4．保护第三方合法权益", "4.1": "（四）无法提供／1．本机关不掌握相关政府信息",
    "5.2": "（五）不予处理／2．重复申请", "1": "（一）予以公开", "2": "（二）部分公开",
}


def outcome_word(code, i):
    if code is None:
        return None
    w = OUTCOME_WORDS[code]
    return w[i % len(w)]


CATEGORIES = ["政策文件", "工作动态", "通知公告", "财政信息", "人事信息", "规划计划"]


def gen_disclosures(key, n, doc, title_words):
    r = rng("disclosures", key)
    offs = sorted(r.sample(range(6, 355), n))
    recs = []
    for i, off in enumerate(offs):
        pub = day_of(off)
        cat = r.choice(CATEGORIES)
        t = r.choice(title_words)
        rec = {"title": t.format(m=pub.month, n=i + 1), "index_no": f"{REGION}{r.randint(1000, 9999)}/2024-{i + 1:05d}",
               "doc_no": f"{doc}〔2024〕{i + 3}号" if cat == "政策文件" else None, "category": cat,
               "formed": plus(pub, -r.randint(0, 8)), "published": pub, "channel": "政府网站",
               "url": f"{SITE}/zwgk/{key}/{i + 1:04d}.html", "reviewer": r.choice(PEOPLE), "secrecy_review": True}
        recs.append(rec)
    return recs


def gen_media(key, accounts, end=D(2024, 12, 28)):
    """Posts of each (account, platform, every a–b days) from early January."""
    r = rng("media", key)
    recs = []
    for name, platform, lo, hi in accounts:
        d = D(2024, 1, r.randint(2, 5))
        while d <= end:
            recs.append({"account": name, "platform": platform, "posted": d,
                         "title": r.choice(MEDIA_TITLES).format(m=d.month, d=d.day)})
            d = plus(d, r.randint(lo, hi))
    recs.sort(key=lambda x: (x["posted"], x["account"], x["platform"]))
    return recs


MEDIA_TITLES = ["【政策解读】{m}月新政速览", "{m}月{d}日工作动态", "【便民服务】办事指南更新", "【健康科普】春季常见病预防",
                "【通知公告】关于调整办公时间的通知", "图解：一图读懂惠民政策", "【权威发布】{m}月重点工作进展",
                "【应急科普】防汛安全知识", "【民生实事】项目建设进展", "视频：走进基层一线"]

# ---------------------------------------------------------------- files

FILES = []


def add(t):
    FILES.append(t.done())


def book_file(write, path, writer, args, kw):
    """Makes the decorator of fill(b, t), a function that lays out one
    workbook. What main calls is run(directory): it gives fill a fresh Book
    and the FileTruth of path, then writes the workbook with
    write(b, directory, path) and records the truth."""
    def deco(fill):
        def run(directory):
            b, t = Book(), FileTruth(path, writer, *args, **kw)
            fill(b, t)
            write(b, directory, path)
            add(t)
        return run
    return deco


def openpyxl_file(path, *args, **kw):
    """A workbook openpyxl writes into OUT (FileTruth's arguments after path and writer)."""
    return book_file(lambda b, out, p: write_openpyxl(b, os.path.join(out, p)), path, "openpyxl", args, kw)


def fods_file(path, *args, writer="LibreOffice (from .fods)", **kw):
    """A workbook LibreOffice converts from the .fods source written into
    SCRATCH/xlsx (make.sh: bad__x.fods becomes OUT/bad/x.xlsx)."""
    return book_file(lambda b, scratch, p: write_fods(b, os.path.join(scratch, "xlsx", p.replace("/", "__").replace(".xlsx", ".fods"))),
                     path, writer, args, kw)


def ctx_dirs(out, scratch):
    for sub in ("", "bad", "formats"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    # Sources for LibreOffice, one flat directory per conversion (one soffice
    # run each); "bad__x.fods" becomes OUT/bad/x.xlsx.
    for conv in ("xlsx", "xlsx-csv", "xls", "ods"):
        os.makedirs(os.path.join(scratch, conv), exist_ok=True)
    os.makedirs(os.path.join(scratch, "gb18030"), exist_ok=True)


# -- registry (openpyxl)

def registry(out):
    b = Book()
    sh = ledger_sheet(b, None, "单位名录", "安宁县政务公开考核单位名录（2024年）",
                      ["序号", "单位名称", "简称/别名", "统一社会信用代码", "单位类型", "考核分组", "上级单位", "备注"])
    for i, u in enumerate(UNITS):
        sh.row(3 + i, [i + 1, u["name"], "、".join(u["aliases"]), u["code"], u["type"], u["group"], None,
                       "事业单位" if u["code"].startswith("12") else None])
    sh.widths = {2: 30, 3: 28, 4: 22, 6: 14}
    write_openpyxl(b, os.path.join(out, "单位名录.xlsx"))


# -- 1. weights.xlsx: county-wide, each assessed unit merged over its items (LibreOffice)

TOWN_BASE = [("经济发展", 30), ("乡村振兴", 15), ("安全生产", 10), ("党的建设", 15), ("平安建设", 10), ("生态环境保护", 10),
             ("政务服务（12345热线）", 5), ("政务公开", 5)]
COUNTS = {"政务公开", "政府网站与政务新媒体"}


def town_items(changes, extra=()):
    items = [(name, changes.get(name, pts)) for name, pts in TOWN_BASE]
    return items + list(extra)


WEIGHT_TOWNS = [  # name as written in the merged cell, full name, items
    ("城南镇", town_items({})),
    ("安宁县河口镇人民政府", town_items({"经济发展": 31, "政务公开": 4})),
    ("松山镇政府", town_items({"经济发展": 31.5, "政务公开": 3.5})),
    ("杏林乡", town_items({"经济发展": 36, "政务公开": 4})),
    ("金沙乡", town_items({"经济发展": 31, "政务公开": 3}, [("政府网站与政务新媒体", 1)])),
    ("北门街道办", [("经济发展", 32), ("城市管理", 15), ("安全生产", 10), ("党的建设", 15), ("平安建设", 10), ("生态环境保护", 10),
                  ("政务服务（12345热线）", 5), ("政务公开", 4)]),
]
GROUP_B_ITEMS = [("重点业务工作", 55), ("安全生产", 8), ("党风廉政建设", 10), ("法治政府建设", 8), ("优化营商环境", 8),
                 ("政务服务（12345热线）", 5), ("政务公开", 4), ("政府网站与政务新媒体", 2)]
WEIGHT_DEPTS = [  # written name, items (own rows override the group's, item by item)
    (GROUP_B, GROUP_B_ITEMS),
    ("县融媒体中心", [("政务公开", 2), ("政府网站与政务新媒体", 1)]),
    ("安宁县市场监督管理局", [("重点业务工作", 70), ("安全生产", 10), ("党风廉政建设", 10), ("法治政府建设", 10), ("优化营商环境", 8),
                     ("政务服务（12345热线）", 5), ("政务公开", 5), ("政府网站与政务新媒体", 2)]),
    ("安宁县农业农村局", [("政务公开", 3.6)]),
]
WEIGHTS_TITLE = "安宁县2024年度乡镇（街道）和县直部门综合考核指标权重表"


def weights_truth():
    """The 4% check as sql/queries/weights.sql defines it: per assessed unit,
    its own rows, else its group's, item by item."""
    own, group = {}, {}
    for written, items in WEIGHT_TOWNS:
        own.setdefault(unit(written), {}).update(dict(items))
    for written, items in WEIGHT_DEPTS:
        if written == GROUP_B:
            group[GROUP_B] = dict(items)
        else:
            own.setdefault(unit(written), {}).update(dict(items))
    out = []
    for u in UNITS:
        items = dict(group.get(u["group"], {}))
        items.update(own.get(u["name"], {}))
        total = sum(items.values())
        disc = sum(p for name, p in items.items() if name in COUNTS)
        via = "own rows" if u["name"] in own and set(own[u["name"]]) >= set(items) else (
            "group " + u["group"] if u["name"] not in own else "own rows over group " + u["group"])
        out.append({"unit": u["name"], "via": via, "total_points": float(round(total, 6)), "disclosure_points": float(round(disc, 6)),
                    "share": round(disc / total, 6), "compliant": disc * 25 >= total - 1e-9})
    return out


@fods_file("weights.xlsx", "weights", None,
           ["county-wide", "title-only-county", "merged-vertical-data", "notes-under-table", "two-sheets"],
           "county-wide ledger: no unit (kept by the county government office, which is not in the registry)", scope="county")
def weights_file(b, t):
    t.fields = ["assessed", "item", "points", "counts_disclosure"]
    hdr = ["序号", "被考核单位", "考核项目", "分值", "是否计入政务公开", "备注"]
    for name, blocks in (("乡镇街道", WEIGHT_TOWNS), ("县直部门", WEIGHT_DEPTS)):
        sh = ledger_sheet(b, t, name, WEIGHTS_TITLE, hdr)
        r = 3
        for bi, (written, items) in enumerate(blocks):
            r0 = r
            assessed = GROUP_B if written == GROUP_B else unit(written)
            sh.put(r, 1, bi + 1)
            sh.put(r, 2, written)
            no_run = written == "松山镇政府"  # its 否 cells are one merged cell too
            for i, (item, pts) in enumerate(items):
                counts = item in COUNTS
                sh.put(r, 3, item)
                sh.put(r, 4, pts)
                if not (no_run and 0 < i and not counts):
                    sh.put(r, 5, "是" if counts else "否")
                if item == "政府网站与政务新媒体":
                    sh.put(r, 6, "计入政务公开")
                t.rec(name, r, {"assessed": assessed, "item": item, "points": float(pts), "counts_disclosure": counts})
                r += 1
            sh.merge(r0, 1, r - 1, 1)
            sh.merge(r0, 2, r - 1, 2)
            if no_run:
                sh.merge(r0, 5, r0 + 6, 5)
        t.other(name, r, "blank")
        sh.row(r + 1, ["注：政务公开、政府网站与政务新媒体计入政务公开权重；政务服务（12345热线）不计入。被考核单位有单列指标的，按单列分值计算，其余指标按所在考核分组计算。"])
        sh.merge(r + 1, 1, r + 1, 6)
        t.other(name, r + 1, "注")
        sh.widths = {2: 24, 3: 24}


# -- 2. tasks.xlsx: county-wide, 40 tasks, 类别 merged, several 牵头单位 (openpyxl)

TASKS = [
    ("一、推进决策公开", [
        ("编制并公开2024年度重大行政决策事项目录", "县发改局", "2024年3月底前", "县直各部门"),
        ("重大行政决策草案通过政府网站向社会公开征求意见，期限不少于30日", "县发改局、县自然资源局", "长期坚持", ""),
        ("邀请利益相关方、群众代表列席县政府常务会议", "县财政局", "年内", "各乡镇（街道）"),
        ("公开年度国民经济和社会发展计划执行情况", "县发改局", "6月底前", ""),
        ("公开国土空间总体规划及详细规划批前公示", "县自然资源局", "2024年10月底前", "县住建局"),
        ("落实会议开放制度，公开政府常务会议审议事项", "县财政局", "持续推进", ""),
        ("公开重大建设项目批准和实施信息", "县发改局、县住建局", "年底前", "县自然资源局"),
        ("公开政府投资项目年度计划及调整情况", "县发改局", "三季度末", "县财政局"),
    ]),
    ("二、深化重点领域信息公开", [
        ("部门预决算批复后20日内公开，细化“三公”经费说明", "县财政局", "年底前", "县直各部门"),
        ("定期公开政府债务限额、余额、发行和偿还计划", "安宁县财政局", "9月底前", ""),
        ("公开义务教育招生入学政策及学区划分方案", "县教体局", "7月底前", ""),
        ("公开校外培训机构白名单和黑名单", "教体局", "上半年", ""),
        ("按月公开空气质量和集中式饮用水水源地水质信息", "县卫健局", "年底前", ""),
        ("公开征地信息、征收补偿方案及安置情况", "县自然资源局", "年内", "有关乡镇（街道）"),
        ("公开农村危房改造对象认定及补助资金发放情况", "县住建局\n城南镇", "年底前", "各乡镇"),
        ("公开涉农补贴政策、发放对象和资金信息", "安宁县农业农村局、县财政局", "年底前", "各乡镇"),
        ("公开医疗机构执业登记和医疗服务价格信息", "县卫健局，县市场监管局", "三季度末", ""),
        ("落实“双随机、一公开”监管和行政执法公示制度", "县市场监管局", "长期坚持", "县直执法部门"),
        ("公开食品安全抽检结果及不合格产品处置情况", "县市场监管局", "2024年9月30日前", ""),
        ("做好高校毕业生、农民工等重点群体就业信息公开", "县人社局", "持续推进", ""),
        ("公开社会保险待遇调整及发放信息", "县人社局", "6月底前", ""),
        ("公开保障性住房分配和租赁补贴发放信息", "县住建局", "2024年11月底前", "北门街道"),
    ]),
    ("三、加强政策解读与回应关切", [
        ("规范性文件与解读材料同步起草、同步审签、同步发布", "县自然资源局、县人社局、县卫健局", "长期坚持", "县直各部门"),
        ("以图解、短视频等形式解读惠民惠企政策", "县融媒体中心", "年底前", "县直各部门"),
        ("建立政务舆情监测和回应机制，重大舆情5小时内回应", "县融媒体中心", "持续推进", ""),
        ("办好12345热线，按时办结群众诉求并公开办理情况", "县市场监管局", "年底前", ""),
        ("举办政府开放日活动，邀请市民代表走进机关", "城南镇、河口镇", "10月底前", ""),
        ("开展政策进基层宣讲活动", "松山镇", "上半年", ""),
        ("公开县长信箱来信办理情况", "县财政局", "2024年12月31日前", ""),
        ("围绕教育“双减”开展在线访谈", "县教体局", "9月底前", ""),
    ]),
    ("四、夯实公开平台与基础", [
        ("完善乡镇（街道）基层政务公开标准目录并在政府网站专题展示", "金沙乡、杏林乡", "11月底前", ""),
        ("推进乡镇（街道）政务公开专区建设，设立政策咨询窗口", "北门街道", "年底前", ""),
        ("推进村（居）务公开规范化，更新村务公开栏", "河口镇", "10月底前", ""),
        ("开展政务新媒体清理整顿，关停更新不及时的账号", "县融媒体中心", "9月底前", "各乡镇（街道）、县直各部门"),
        ("规范依申请公开登记、审核、办理、答复、归档", "县财政局", "6月底前", "各乡镇（街道）、县直各部门"),
        ("更新公开权责清单和政务服务事项清单", "县市场监管局", "2024年10月底前", "县直有关部门"),
        ("编制公共企事业单位信息公开清单", "县卫健局", "年底前", "县教体局、县住建局"),
        ("开展政务公开业务培训，实现乡镇（街道）全覆盖", "县财政局", "上半年", ""),
        ("按时发布2023年政府信息公开工作年度报告", "县人社局", "2024年1月31日前", ""),
        ("公开城乡居民养老保险参保缴费标准", "县人社局、松山镇", "三季度末", ""),
    ]),
]


def deadline_date(words):
    w = words.replace("2024年", "")
    if w in ("长期坚持", "持续推进"):
        return None
    if w in ("年底前", "年内"):
        return D(2024, 12, 31)
    if w == "上半年":
        return D(2024, 6, 30)
    if w == "三季度末":
        return D(2024, 9, 30)
    if w.endswith("月底前"):
        m = int(w[:-3])
        return D(2024, m + 1, 1) - dt.timedelta(days=1) if m < 12 else D(2024, 12, 31)
    if w.endswith("日前"):
        m, d = w[:-2].split("月")
        return D(2024, int(m), int(d))
    raise ValueError(words)


def split_leads(s):
    out = []
    for part in s.replace("\n", "、").replace("，", "、").split("、"):
        if part.strip():
            out.append(part.strip())
    return out


def task_records(key, tasks):
    r = rng("tasks", key)
    recs = []
    for cat, items in tasks:
        for text, leads, words, partners in items:
            dl = deadline_date(words) if words != "尽快" else None
            rec = {"category": cat, "task": text, "lead_words": leads, "lead": [unit(x) if x != "县城市管理局" else x for x in split_leads(leads)],
                   "partners": partners or None, "deadline_words": words, "deadline": dl}
            if dl is None:
                rec["status"] = r.choice(["推进中", "持续推进", "已完成"])
                rec["status_norm"] = "推进中" if rec["status"] != "已完成" else "已完成"
            elif r.random() < 0.1:
                rec["status"] = rec["status_norm"] = r.choice(["推进中", "未完成"])
            else:
                rec["status"] = rec["status_norm"] = "已完成"
                rec["done_date"] = max(D(2024, 1, 8), plus(dl, -r.randint(3, 40)))
                rec["evidence"] = f"{SITE}/zwgk/zdgz/2024/{len(recs) + 1:02d}.html"
            recs.append(rec)
    return recs


TASKS_TITLE = "安宁县2024年政务公开工作要点重点任务推进台账"


def task_truth(rec, no):
    return {"task_no": str(no), "task": rec["task"], "lead_unit_id": rec["lead"], "partners": rec["partners"],
            "deadline": {"date": jval(rec["deadline"]), "text": rec["deadline_words"]}, "done_date": rec.get("done_date"),
            "status": rec["status_norm"], "evidence": rec.get("evidence")}


def tasks_sheet(b, t, recs, title):
    sh = b.add(Sheet("重点任务"))
    t.sheet("重点任务", "ledger", 3)
    ncol = 10
    sh.row(1, [title])
    sh.merge(1, 1, 1, ncol)
    sh.row(2, ["填报单位：安宁县人民政府办公室　　　　　　　　更新时间：2025年1月6日"])
    sh.merge(2, 1, 2, ncol)
    t.other("重点任务", 2, "填报单位/更新时间 line (the office, not in the registry)")
    sh.row(3, ["序号", "类别", "重点任务", "牵头单位", "配合单位", "完成时限", "完成情况", "完成日期", "佐证材料", "备注"])
    r = 4
    cat0, r0 = None, 4
    for i, rec in enumerate(recs):
        if rec["category"] != cat0:
            if cat0 is not None:
                sh.merge(r0, 2, r - 1, 2)
            cat0, r0 = rec["category"], r
            sh.put(r, 2, rec["category"])
        sh.row(r, [i + 1], 1)
        sh.row(r, [rec["task"], rec["lead_words"], rec["partners"], rec["deadline_words"], rec["status"],
                   C(rec["done_date"], "ymd") if rec.get("done_date") else None, rec.get("evidence")], 3)
        t.rec("重点任务", r, task_truth(rec, i + 1))
        r += 1
    sh.merge(r0, 2, r - 1, 2)
    return sh, r


@openpyxl_file("tasks.xlsx", "tasks", None,
               ["county-wide", "title-only-county", "merged-vertical-data (类别)", "several-lead-units (、 ， and a line break)",
                "autofilter", "notes-under-table", "numbers-for-text (序号)"],
               "county-wide ledger: no unit (the 填报单位 line names the county government office, not in the registry)", scope="county")
def tasks_file(b, t):
    t.fields = ["task_no", "task", "lead_unit_id", "partners", "deadline", "done_date", "status", "evidence"]
    recs = task_records("tasks", TASKS)
    assert len(recs) == 40
    sh, r = tasks_sheet(b, t, recs, TASKS_TITLE)
    sh.autofilter = (3, 1, r - 1, 10)
    sh.freeze = "A4"
    t.other("重点任务", r, "blank")
    sh.row(r + 1, ["注：完成情况填写“已完成”“推进中”或“未完成”；完成时限为“长期坚持”“持续推进”的任务不考核完成时间。"])
    sh.merge(r + 1, 1, r + 1, 10)
    sh.row(r + 2, ["填表人：周杰", None, "审核人：陈静", None, "联系电话：0999-6012345", None, "填报日期：2025年1月6日"])
    t.other("重点任务", r + 1, "注")
    t.other("重点任务", r + 2, "填表人/审核人/联系电话/填报日期")
    sh.widths = {2: 18, 3: 50, 4: 22, 5: 20, 6: 14, 9: 36}
    t.d["pairs"] = sum(len(x["lead"]) for x in recs)


# -- 3. xinmeiti_gengxin_2024.csv: no title, no 单位 column, unit only in 账号名称 (Python csv)

def media_csv_file(out):
    t = FileTruth("xinmeiti_gengxin_2024.csv", "Python csv (UTF-8 with BOM)", "media", "安宁县卫生健康局",
                  ["no-title", "no-unit-column", "pinyin-file-name", "unit-in-account-names", "utf8-bom-csv", "dates-slash"],
                  "账号名称: 安宁县卫生健康局 (full name), 安宁卫健 and 县卫健局 (aliases)")
    t.fields = ["account", "platform", "posted", "title"]
    recs = gen_media("weijian", [("安宁县卫生健康局", "微信公众号", 2, 5), ("安宁卫健", "抖音", 3, 7), ("县卫健局", "微博", 4, 9)])
    plat = {"微信公众号": "微信公众号", "抖音": "抖音", "微博": "新浪微博"}
    rows = [["序号", "账号名称", "平台", "发布日期", "标题"]]
    t.sheet("", "ledger", 1)
    for i, rec in enumerate(recs):
        d = rec["posted"]
        rows.append([i + 1, rec["account"], plat[rec["platform"]], f"{d.year}/{d.month}/{d.day}", rec["title"]])
        t.rec("", i + 2, rec)
    write_csv(rows, os.path.join(out, "xinmeiti_gengxin_2024.csv"), bom=True)
    add(t)


# -- applications layouts

APP_FIELDS_ALL = ["app_no", "received", "applicant_type", "channel", "content", "correction_notice", "correction_done",
                  "extended", "consult_days", "replied", "outcome", "fee"]
TABLE3 = {}


def add_table3(unit_name, recs):
    """Annual-report table 三 as sql/queries/annual_table3.sql counts it."""
    cols = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    rows = {}

    def bump(bucket, typ):
        row = rows.setdefault(bucket, {c: 0 for c in cols + ["总计"]})
        row[typ] += 1
        row["总计"] += 1

    for x in recs:
        rec, rep = x["received"], x.get("replied")
        if rec > D(2024, 12, 31) or (rep is not None and rep < D(2024, 1, 1)):
            continue
        bump("new" if rec >= D(2024, 1, 1) else "carried_in", x["applicant_type"])
        bump(x["outcome"] if rep is not None else "carried_out", x["applicant_type"])
    total = {c: 0 for c in cols + ["总计"]}
    for k, v in rows.items():
        if k not in ("new", "carried_in", "carried_out"):
            for c in total:
                total[c] += v[c]
    rows["7.total"] = total
    order = ["new", "carried_in"] + [o for o in OUTCOME_ORDER if o in rows] + ["7.total", "carried_out"]
    TABLE3[unit_name] = {k: rows[k] for k in order if k in rows}


OUTCOME_ORDER = ["1", "2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "4.1", "4.2", "4.3",
                 "5.1", "5.2", "5.3", "5.4", "5.5", "6.1", "6.2", "6.3"]


def app_truth(rec):
    return dict(rec)


# -- 4. 依申请公开台账2024.xlsx: unit only in the 填报单位 footer (LibreOffice)

@fods_file("依申请公开台账2024.xlsx", "applications", "安宁县财政局",
           ["unit-in-footer (填报单位)", "title-without-unit", "notes-under-table", "signature-block", "dates-as-date-cells"],
           "填报单位：安宁县财政局（盖章） in a footer cell; neither title nor file name names a unit")
def apps_footer_file(b, t):
    recs = gen_apps("caizheng", "CZ", 10)
    hdr = [("序号", None), ("申请编号", "app_no"), ("收到日期", "received"), ("申请人类型", "applicant_type"), ("申请方式", "channel"),
           ("申请内容", "content"), ("补正告知日期", "correction_notice"), ("补正完成日期", "correction_done"), ("是否延期", "extended"),
           ("答复日期", "replied"), ("办理结果", "outcome"), ("信息处理费（元）", "fee"), ("备注", None)]
    t.fields = [f for _, f in hdr if f]
    sh = ledger_sheet(b, t, "Sheet1", "2024年度政府信息公开申请办理台账", labels(hdr))
    r = 3
    for i, rec in enumerate(recs):
        sh.row(r, app_cells(rec, i, hdr, cells={"fee": lambda v, i: 0}))
        t.rec("Sheet1", r, dict(rec, fee=0.0))
        r += 1
    t.other("Sheet1", r, "blank")
    sh.row(r + 1, ["填报单位：安宁县财政局（盖章）", None, None, None, None, "填表人：王强", None, "审核人：刘洋", None, None, "填报日期：2025年1月10日"])
    sh.merge(r + 1, 1, r + 1, 4)
    t.other("Sheet1", r + 1, "填报单位/填表人/审核人/填报日期 footer (names the unit)")
    t.other("Sheet1", r + 2, "blank")
    sh.row(r + 3, [None, "单位负责人（签字）：", None, None, None, None, None, "（单位盖章）"])
    t.other("Sheet1", r + 3, "signature block")
    add_table3("安宁县财政局", recs)


# -- 5. 2024年主动公开信息台账.xlsx: unit only in a 说明 line above the header; 标题 merged C:D (LibreOffice)

ZJ_TITLES = ["关于开展{m}月建筑施工安全检查的通知", "2024年第{n}批保障性租赁住房项目公示", "城区老旧小区改造项目进展（{m}月）",
             "关于公布商品房预售许可信息的公告", "建设工程质量监督抽查结果通报", "物业服务企业信用评价结果公示",
             "关于印发《安宁县住房租赁市场整治方案》的通知", "燃气安全专项整治工作动态"]


@fods_file("2024年主动公开信息台账.xlsx", "disclosures", "安宁县住房和城乡建设局",
           ["unit-in-note-above-header (说明)", "merged-horizontal-data (信息标题 over C:D in every row)", "title-without-unit"],
           "说明 line above the header: 本表由安宁县住房和城乡建设局填报")
def disclosures_note_file(b, t):
    recs = gen_disclosures("zhujian", 14, "安住建发", ZJ_TITLES)
    t.fields = ["index_no", "title", "doc_no", "category", "formed", "published", "channel", "secrecy_review"]
    sh = b.add(Sheet("主动公开"))
    t.sheet("主动公开", "ledger", 3)
    sh.row(1, ["2024年主动公开政府信息台账"])
    sh.merge(1, 1, 1, 10)
    sh.row(2, ["说明：本表由安宁县住房和城乡建设局填报，统计时段为2024年1月1日至12月31日，信息标题与政府网站一致。"])
    sh.merge(2, 1, 2, 10)
    t.other("主动公开", 2, "说明 line (names the unit)")
    sh.row(3, ["序号", "索引号", "信息标题", None, "文号", "信息类别", "形成日期", "发布日期", "公开渠道", "保密审查"])
    sh.merge(3, 3, 3, 4)
    for i, rec in enumerate(recs):
        r = 4 + i
        sh.row(r, [i + 1, rec["index_no"], rec["title"], None, rec["doc_no"], rec["category"], C(rec["formed"], "ymd/"),
                   C(rec["published"], "ymd/"), rec["channel"], "是"])
        sh.merge(r, 3, r, 4)
        t.rec("主动公开", r, rec)
    sh.widths = {3: 30, 4: 20}


# -- 6. 发改局: one sheet per month (1月…12月) and a 填表说明 sheet (openpyxl)

FG_TITLES = ["{m}月全县重点项目建设进展", "关于下达2024年第{n}批中央预算内投资计划的通知", "安宁县价格监测周报（{m}月）",
             "关于公开征求《安宁县节能降碳实施方案》意见的公告", "粮食价格监测信息", "社会信用体系建设工作动态",
             "关于印发2024年安宁县重大项目清单的通知", "2024年国民经济和社会发展计划执行情况"]


@openpyxl_file("安宁县发展和改革局2024年主动公开信息台账.xlsx", "disclosures", "安宁县发展和改革局",
               ["sheets-by-month (1月…12月, one batch)", "instructions-sheet (填表说明)", "empty-month-sheet (header only)",
                "synonym-headers", "dates-as-date-cells"],
               "file name and titles")
def months_file(b, t):
    recs = gen_disclosures("fagai", 30, "安发改", FG_TITLES)
    recs = [x for x in recs if x["published"].month != 8]  # August: nothing published, the sheet has its header only
    hdr = [("序号", None), ("信息名称", "title"), ("索引号", "index_no"), ("发文字号", "doc_no"), ("目录分类", "category"),
           ("信息形成日期", "formed"), ("公开日期", "published"), ("公开方式", "channel"), ("是否经保密审查", "secrecy_review")]
    t.fields = [f for _, f in hdr if f]
    ins = b.add(Sheet("填表说明"))
    t.sheet("填表说明", "instructions", why="填表说明: prose, no ledger header")
    for i, line in enumerate(["填表说明", "1. 每月一张工作表，按公开日期先后填写。", "2. 日期请填写为“2024-03-05”格式。",
                              "3. 是否经保密审查填写“是”或“否”，未经保密审查的信息不得公开。", "4. 目录分类按本局政府信息公开目录填写。",
                              "5. 本表于次月5日前报县政务公开办。"]):
        ins.put(1 + i, 1, line)
    ins.widths = {1: 70}
    for m in range(1, 13):
        sname = f"{m}月"
        sh = ledger_sheet(b, t, sname, f"安宁县发展和改革局2024年{m}月主动公开信息台账", labels(hdr))
        month = [x for x in recs if x["published"].month == m]
        for i, rec in enumerate(month):
            r = 3 + i
            sh.row(r, [i + 1, rec["title"], rec["index_no"], rec["doc_no"], rec["category"], C(rec["formed"], "ymd"),
                       C(rec["published"], "ymd"), rec["channel"], "是"])
            t.rec(sname, r, rec)
        sh.widths = {2: 44, 3: 26, 4: 20}


# -- 7. 城南镇: one sheet per quarter (LibreOffice)

RESP_SUBJECTS = ["反映小区路灯损坏", "咨询农村建房审批流程", "反映集贸市场占道经营", "网传学校停课不实信息", "反映自来水停水",
                 "咨询惠农补贴发放时间", "反映垃圾清运不及时", "网民关注河道污染", "咨询低保申请条件", "反映噪声扰民"]
SOURCES = [("12345", ["12345热线", "12345", "县长热线"]), ("县长信箱", ["县长信箱", "领导信箱"]), ("留言板", ["网上留言", "留言板"]),
           ("舆情监测", ["舆情", "舆情监测"])]


def gen_responses(key, n):
    r = rng("responses", key)
    offs = sorted(r.sample(range(3, 360), n))
    recs = []
    for i, off in enumerate(offs):
        src, words = r.choice(SOURCES)
        level = "重大" if src == "舆情监测" and r.random() < 0.5 else "一般"
        at = dt.datetime.combine(day_of(off), dt.time(r.randint(8, 17), r.choice([0, 10, 20, 30, 40, 50])))
        resp = at + (dt.timedelta(hours=r.randint(1, 4)) if level == "重大" else dt.timedelta(hours=r.randint(3, 44)))
        recs.append({"source": src, "source_words": r.choice(words), "received_at": at, "responded_at": resp,
                     "level": level, "level_words": "较大" if level == "重大" and r.random() < 0.5 else level,
                     "subject": r.choice(RESP_SUBJECTS)})
    return recs


def dt_text(x, style):
    if style == "cn":
        return f"{x.year}年{x.month}月{x.day}日 {x.hour}时{x.minute:02d}分"
    return f"{x:%Y-%m-%d %H:%M}"


@fods_file("城南镇2024年回应关切台账.xlsx", "responses", "安宁县城南镇人民政府",
           ["sheets-by-quarter (一季度…四季度, one batch)", "datetimes-as-cells-and-text", "extra-columns", "short-enum-forms"],
           "file name and titles (城南镇)")
def quarters_file(b, t):
    t.fields = ["source", "subject", "received_at", "responded_at", "level"]
    recs = gen_responses("chengnan", 16)
    for q, qn in enumerate(["一季度", "二季度", "三季度", "四季度"]):
        sh = ledger_sheet(b, t, qn, f"城南镇2024年{qn}回应关切台账", ["序号", "信息来源", "事项", "收到时间", "回应时间", "级别", "办理结果"])
        mine = [x for x in recs if (x["received_at"].month - 1) // 3 == q]
        for i, rec in enumerate(mine):
            r = 3 + i
            if q == 0:
                a, bb = C(rec["received_at"], "dt"), C(rec["responded_at"], "dt")
            elif q == 1:
                a, bb = dt_text(rec["received_at"], "cn"), dt_text(rec["responded_at"], "cn")
            elif q == 2:
                a, bb = dt_text(rec["received_at"], "iso"), dt_text(rec["responded_at"], "iso")
            else:
                a, bb = (C(rec["received_at"], "dt"), dt_text(rec["responded_at"], "cn")) if i % 2 else (
                    dt_text(rec["received_at"], "iso"), C(rec["responded_at"], "dt"))
            sh.row(r, [i + 1, rec["source_words"], rec["subject"], a, bb, rec["level_words"], "已办结，已回复群众"])
            t.rec(qn, r, rec)
        sh.widths = {3: 26, 4: 20, 5: 20}


# -- 8. 教体局: 填表说明, hidden 下拉选项 sheet, pivot-like 汇总, chart sheet; numbers as text and text as numbers (openpyxl)

@openpyxl_file("安宁县教育体育局2024年依申请公开台账.xlsx", "applications", "安宁县教育体育局",
               ["instructions-sheet (填表说明)", "hidden-sheet (下拉选项, data-validation lists)", "pivot-like-summary-sheet (汇总)",
                "chart-sheet (图表)", "text-as-numbers (申请编号 as number cells)", "numbers-as-text (征求意见天数, 信息处理费)",
                "leading-apostrophe (征求意见天数 typed '0: a text cell with Excel's quotePrefix)",
                "data-validation"],
               "file name and title")
def edu_file(b, t):
    recs = gen_apps("jiaoti", "", 12)
    # 申请编号 as the office numbers them: 2024001 …, which Excel keeps as numbers.
    for x in recs:
        y, n = x["app_no"].split("-")
        x["app_no"] = f"{y}{int(n):03d}"
    hdr = [("申请编号", "app_no"), ("收到日期", "received"), ("申请人类型", "applicant_type"), ("申请方式", "channel"),
           ("申请内容", "content"), ("是否延期", "extended"), ("征求意见天数", "consult_days"), ("答复日期", "replied"),
           ("办理结果", "outcome"), ("信息处理费", "fee"), ("备注", None)]
    t.fields = [f for _, f in hdr if f]
    ins = b.add(Sheet("填表说明"))
    t.sheet("填表说明", "instructions", why="填表说明: prose, no ledger header")
    for i, line in enumerate(["填表说明", "一、申请编号按“年份+三位顺序号”填写，如2024001。",
                              "二、申请人类型、申请方式、办理结果请从下拉列表中选择。",
                              "三、征求意见天数填写征求第三方意见所用工作日，无则填0。",
                              "四、办理结果按政府信息公开工作年度报告表三的情形填写。"]):
        ins.put(1 + i, 1, line)
    ins.widths = {1: 70}
    sh = ledger_sheet(b, t, "台账", "安宁县教育体育局2024年政府信息公开申请办理台账", labels(hdr))
    cells = {"app_no": lambda v, i: int(v),
             "consult_days": lambda v, i: C(str(v or 0), quote=True),  # typed '0: text with Excel's quote prefix
             "outcome": lambda v, i: outcome_word(v, i + 1), "fee": lambda v, i: "0.00"}
    r = 3
    for i, rec in enumerate(recs):
        sh.row(r, app_cells(rec, i, hdr, cells=cells))
        t.rec("台账", r, dict(rec, fee=0.0, consult_days=rec.get("consult_days") or 0))
        r += 1
    last = r - 1
    t.other("台账", r, "blank")
    sh.validations = [("下拉选项!$A$1:$A$6", f"C3:C{last + 20}"), ("下拉选项!$B$1:$B$6", f"D3:D{last + 20}")]
    sh.widths = {5: 40, 9: 36}
    sh.row(r + 1, ["填表人：孙颖", None, "审核人：马骏", None, "联系电话：0999-6345678"])
    t.other("台账", r + 1, "填表人/审核人/联系电话")
    # 汇总: outcomes × applicant types, as a clerk's pivot-like table of values.
    summ = b.add(Sheet("汇总"))
    t.sheet("汇总", "summary", why="pivot-like crosstab of 办理结果 × 申请人类型 with a 合计 row: not a ledger")
    types = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    summ.row(1, ["2024年依申请公开办理结果统计"])
    summ.merge(1, 1, 1, 8)
    summ.row(2, ["办理结果"] + types + ["合计"])
    done = [x for x in recs if x["replied"] is not None and x["replied"].year == 2024]
    codes = [c for c in OUTCOME_ORDER if any(x["outcome"] == c for x in done)]
    label = {c: OUTCOME_WORDS[c][0] for c in OUTCOME_WORDS}
    for i, c in enumerate(codes):
        row = [sum(1 for x in done if x["outcome"] == c and x["applicant_type"] == ty) for ty in types]
        summ.row(3 + i, [label[c]] + row + [sum(row)])
    tot = [sum(1 for x in done if x["applicant_type"] == ty) for ty in types]
    summ.row(3 + len(codes), ["合计"] + tot + [sum(tot)])
    summ.widths = {1: 40}
    b.chartsheet = ("2024年依申请公开办理结果", "汇总", 8, 2, 2 + len(codes))
    opts = b.add(Sheet("下拉选项", state="hidden"))
    t.sheet("下拉选项", "hidden", why="hidden sheet holding the data-validation lists: not a ledger")
    t.sheet("图表", "chart", why="chart sheet (xl/chartsheets/sheet1.xml, after the hidden sheet): no cells")
    for i, ty in enumerate(types):
        opts.put(1 + i, 1, ty)
    for i, ch in enumerate(["当面", "邮寄", "网络", "传真", "信函", "其他"]):
        opts.put(1 + i, 2, ch)
    add_table3("安宁县教育体育局", recs)


# -- 9. 自然资源局 documents: blank columns, notes, signature block, full-width separators (LibreOffice)

ZR_DOCS = [("安宁县自然资源和规划局关于印发《安宁县国有建设用地使用权出让管理办法》的通知", "行政规范性文件"),
           ("安宁县自然资源和规划局关于规范农村宅基地审批管理的通知", "规范性文件"),
           ("安宁县自然资源和规划局关于印发2024年地质灾害防治方案的通知", "其他政策文件"),
           ("安宁县自然资源和规划局关于加强耕地保护的实施意见", "行政规范性文件"),
           ("安宁县自然资源和规划局关于开展矿山生态修复的通知", "其他文件"),
           ("安宁县不动产登记资料查询办法", "行政规范性文件"),
           ("安宁县自然资源和规划局关于调整征地区片综合地价的通知", "行政规范性文件"),
           ("安宁县自然资源和规划局内部财务管理规定", "其他政策文件")]
INTERP_WORDS = [("文字、图解", "文字、图解"), ("文字，视频", "文字、视频"), ("图解；问答", "图解、问答"), ("文字", "文字"),
                ("文字解读、图文", "文字、图解"), ("新闻发布会", "新闻发布会")]


@fods_file("安宁县自然资源和规划局2024年规范性文件及政策解读台账.xlsx", "documents", "安宁县自然资源和规划局",
           ["blank-columns-between-data", "notes-under-table", "signature-block", "fullwidth-punctuation-in-enumerations (，；)",
            "short-enum-forms"],
           "file name and title")
def documents_file(b, t):
    r = rng("documents", "ziran")
    recs = []
    offs = sorted(r.sample(range(10, 330), len(ZR_DOCS)))
    for i, ((doc, typ), off) in enumerate(zip(ZR_DOCS, offs)):
        issued = day_of(off)
        attr = "不予公开" if "内部" in doc else "主动公开"
        iw = INTERP_WORDS[i % len(INTERP_WORDS)]
        rec = {"doc_name": doc, "doc_no": f"安自然资规〔2024〕{i + 1}号" if "规范" in typ else f"安自然资发〔2024〕{i + 11}号",
               "doc_type_words": typ, "doc_type": {"规范性文件": "行政规范性文件", "其他文件": "其他政策文件"}.get(typ, typ),
               "issued": issued, "published": None if attr == "不予公开" else plus(issued, r.randint(1, 5)),
               "disclosure_attr": attr, "nondisclosure_reason": "属于内部事务信息" if attr == "不予公开" else None,
               "interpreted": None, "interp_words": None, "interp_form": None, "interpreter": None}
        if attr == "主动公开" and typ != "其他文件":
            rec["interpreted"] = plus(rec["published"], r.randint(0, 2))
            rec["interp_words"], rec["interp_form"] = iw
            rec["interpreter"] = r.choice(PEOPLE)
        recs.append(rec)
    cols = [("序号", None), ("文件名称", "doc_name"), ("", None), ("文号", "doc_no"), ("文件类型", "doc_type"), ("印发日期", "issued"),
            ("", None), ("公开日期", "published"), ("公开属性", "disclosure_attr"), ("不公开理由", "nondisclosure_reason"),
            ("解读日期", "interpreted"), ("解读形式", "interp_form"), ("解读人", "interpreter")]
    t.fields = [f for _, f in cols if f]
    sh = ledger_sheet(b, t, "规范性文件", "安宁县自然资源和规划局2024年规范性文件及政策解读台账", labels(cols))
    for i, rec in enumerate(recs):
        rr = 3 + i
        vals = []
        for h, f in cols:
            if f is None:
                vals.append(i + 1 if h == "序号" else None)
            elif f == "doc_type":
                vals.append(rec["doc_type_words"])
            elif f == "interp_form":
                vals.append(rec["interp_words"])
            elif isinstance(rec[f], dt.date):
                vals.append(C(rec[f], "ymd"))
            else:
                vals.append(rec[f])
        sh.row(rr, vals)
        t.rec("规范性文件", rr, rec)
    rr = 3 + len(recs)
    t.other("规范性文件", rr, "blank")
    sh.row(rr + 1, ["注：1.文件类型填写规章、行政规范性文件或其他政策文件；2.解读形式可多选，用顿号分隔；3.不予公开的须填写理由。"])
    sh.merge(rr + 1, 1, rr + 1, len(cols))
    t.other("规范性文件", rr + 1, "注")
    sh.row(rr + 2, ["填表人：李娜", None, None, "审核人：王强", None, "联系电话：0999-6234567", None, None, "填报日期：2025年1月12日"])
    t.other("规范性文件", rr + 2, "填表人/审核人/联系电话/填报日期")
    t.other("规范性文件", rr + 3, "blank")
    sh.row(rr + 4, [None, "单位负责人（签字）：", None, None, None, "分管领导（签字）："])
    sh.row(rr + 5, [None, None, None, None, None, None, None, None, "（单位盖章）"])
    sh.row(rr + 6, [None, None, None, None, None, None, None, None, "2025年1月12日"])
    for k in (4, 5, 6):
        t.other("规范性文件", rr + k, "signature block")
    sh.widths = {2: 50, 3: 3, 7: 3}


# -- 10. 市场监管局 disclosures: 索引号/文号 as numbers, dates in many spellings (openpyxl)

SC_TITLES = ["食品安全监督抽检信息公告（2024年第{n}期）", "关于开展{m}月特种设备安全检查的通知", "行政处罚决定书公示",
             "关于公布2024年度“双随机”抽查计划的公告", "药品零售企业检查结果通报", "市场主体年报工作提示",
             "消费投诉信息公示（{m}月）", "计量器具强制检定工作动态"]


@openpyxl_file("安宁县市场监督管理局2024年主动公开信息台账.xlsx", "disclosures", "安宁县市场监督管理局",
               ["text-as-numbers (索引号 and some 文号 as number cells)", "dates-dotted (2024.3.5)", "dates-cn (2024年3月5日)",
                "dates-month-day (3月5日, year from the title)", "serial-in-text-cell", "dates-as-date-cells", "yes-no-variants (是 √ 1 Y)"],
               "file name and title")
def numbers_file(b, t):
    recs = gen_disclosures("shichang", 14, "安市监发", SC_TITLES)
    for i, x in enumerate(recs):
        x["index_no"] = str(202400000 + 7 * i + 3)
        if i in (3, 9):
            x["doc_no"] = str(2024010 + i)
    t.fields = ["title", "index_no", "doc_no", "category", "formed", "published", "url", "secrecy_review"]
    sh = ledger_sheet(b, t, "主动公开台账", "安宁县市场监督管理局2024年主动公开信息台账", ["序号", "标题", "索引号", "文号", "信息类别", "形成日期", "发布日期", "链接", "保密审查"])
    yes = ["是", "√", 1, "Y", "是"]
    for i, rec in enumerate(recs):
        r = 3 + i
        p = rec["published"]
        style = i % 6
        pub = [f"{p.year}.{p.month}.{p.day}", f"{p.year}年{p.month}月{p.day}日", f"{p.month}月{p.day}日", str(serial(p)),
               C(p, "ymd"), p.isoformat()][style]
        doc = int(rec["doc_no"]) if rec["doc_no"] and rec["doc_no"].isdigit() else rec["doc_no"]
        sh.row(r, [i + 1, rec["title"], int(rec["index_no"]), doc, rec["category"], C(rec["formed"], "ymd"), pub, rec["url"], yes[i % 5]])
        t.rec("主动公开台账", r, rec)
    sh.widths = {2: 44, 3: 14, 8: 40}


# -- 11. 卫健局 disclosures: 序号/信息类别/发布日期 merged over rows (LibreOffice)

WJ_TITLES = ["关于开展{m}月爱国卫生运动的通知", "2024年第{n}期传染病疫情通报", "基本公共卫生服务项目资金分配公示",
             "医疗机构执业登记信息公告", "关于印发《安宁县家庭医生签约服务实施方案》的通知", "健康科普：夏季防溺水",
             "卫生健康行政处罚公示", "县人民医院新院区建设进展"]


@fods_file("安宁县卫生健康局2024年主动公开信息台账.xlsx", "disclosures", "安宁县卫生健康局",
           ["merged-vertical-data (序号, 信息类别 and 发布日期 merged over the rows they apply to)"],
           "file name and title")
def merged_rows_file(b, t):
    r0 = rng("disclosures", "weijian-pairs")
    recs = gen_disclosures("weijian", 12, "安卫健发", WJ_TITLES)
    # Pairs published on one day: the second item takes the first's date.
    for i in (2, 6, 9):
        recs[i + 1]["published"] = recs[i]["published"]
        recs[i + 1]["formed"] = min(recs[i + 1]["formed"], recs[i]["published"])
    cats = ["通知公告", "工作动态", "政策文件"]
    for i, x in enumerate(recs):
        x["category"] = cats[i % 3] if i not in (3, 7, 10) else recs[i - 1]["category"]
        if x["category"] != "政策文件":
            x["doc_no"] = None
        elif x["doc_no"] is None:
            x["doc_no"] = f"安卫健发〔2024〕{r0.randint(20, 40)}号"
    recs.sort(key=lambda x: (cats.index(x["category"]), x["published"]))
    t.fields = ["category", "title", "index_no", "formed", "published", "channel", "secrecy_review"]
    sh = ledger_sheet(b, t, "Sheet1", "安宁县卫生健康局2024年主动公开信息台账", ["序号", "信息类别", "标题", "索引号", "形成日期", "发布日期", "公开渠道", "保密审查"])
    r = 3
    numerals = "一二三四五"
    for ci, cat in enumerate(cats):
        mine = [x for x in recs if x["category"] == cat]
        start = r
        sh.put(r, 1, numerals[ci])
        sh.put(r, 2, cat)
        prev = None
        for rec in mine:
            sh.row(r, [rec["title"], rec["index_no"], C(rec["formed"], "ymd")], 3)
            if prev and prev[0] == rec["published"]:
                sh.merge(prev[1], 6, r, 6)
            else:
                sh.put(r, 6, C(rec["published"], "ymd"))
                prev = (rec["published"], r)
            sh.row(r, ["政府网站", "是"], 7)
            t.rec("Sheet1", r, rec)
            r += 1
        sh.merge(start, 1, r - 1, 1)
        sh.merge(start, 2, r - 1, 2)
    sh.widths = {3: 44, 4: 26}


# -- 12. 河口镇 applications, GB18030 CSV: apostrophes, line breaks, trailing spaces, full-width punctuation (iconv)

def gb_apps_file(scratch):
    name = "河口镇2024年依申请公开台账.csv"
    t = FileTruth(name, "Python csv, then iconv -f UTF-8 -t GB18030", "applications", "安宁县河口镇人民政府",
                  ["gb18030-csv", "title-line-in-csv", "leading-apostrophe (申请编号)", "line-breaks-in-cells", "trailing-spaces",
                   "fullwidth-punctuation-in-enumerations (（三）不予公开／4．…)", "dates-cn", "dates-dotted", "short-enum-forms",
                   "extra-columns (承办人)"],
                  "file name and title line")
    recs = gen_apps("hekou", "HK", 9)
    hdr = [("序号", None), ("申请编号", "app_no"), ("收到日期", "received"), ("申请人类型", "applicant_type"), ("申请方式", "channel"),
           ("申请内容", "content"), ("是否延期", "extended"), ("答复日期", "replied"), ("办理结果", "outcome"), ("承办人", None),
           ("备注", None)]
    t.fields = [f for _, f in hdr if f]
    short_type = {"自然人": "个人", "商业企业": "企业", "法律服务机构": "律所"}
    short_ch = {"网络": "网上申请", "邮寄": "挂号信", "当面": "当面提交"}
    rows = [["河口镇2024年政府信息公开申请办理台账"] + [""] * (len(hdr) - 1), labels(hdr)]
    t.sheet("", "ledger", 2)
    for i, rec in enumerate(recs):
        def date_words(d, k):
            if d is None:
                return ""
            return f"{d.year}年{d.month}月{d.day}日" if k % 2 == 0 else f"{d.year}.{d.month}.{d.day}"
        typ = short_type.get(rec["applicant_type"], rec["applicant_type"])
        if i % 3 == 0:
            typ += " "  # trailing space
        ch = short_ch.get(rec["channel"], rec["channel"]) + ("  " if i % 4 == 1 else "")
        content = rec["content"]
        if i % 3 == 1:
            content = content.replace("申请公开", "申请公开\n", 1)  # a line break typed with Alt+Enter
            rec["content"] = content
        o = rec["outcome"]
        ow = OUTCOME_FULLWIDTH.get(o) if i % 2 == 0 and o in OUTCOME_FULLWIDTH else outcome_word(o, i)
        rows.append([str(i + 1), "'" + rec["app_no"], date_words(rec["received"], i), typ, ch, content,
                     ("是" if rec["extended"] else "否") + (" " if i == 2 else ""), date_words(rec["replied"], i + 1),
                     ow or "", PEOPLE[(i * 3) % len(PEOPLE)], rec.get("note", "")])
        t.rec("", i + 3, rec)
    write_csv(rows, os.path.join(scratch, "gb18030", name))
    t.csv_lines(rows)
    add_table3("安宁县河口镇人民政府", recs)
    add(t)


# -- 13. 市场监管局 enforcement counts, GB18030 CSV: thousands separators, full-width digits, 合计 row (iconv)

def gb_enforcement_file(scratch):
    name = "安宁县市场监督管理局2024年主动公开统计表.csv"
    t = FileTruth(name, "Python csv, then iconv -f UTF-8 -t GB18030", "enforcement", "安宁县市场监督管理局",
                  ["gb18030-csv", "title-line-in-csv", "numbers-as-text (1,234 and full-width ８６)", "blank-means-zero", "total-row (合计)",
                   "notes-under-table", "synonym-headers"],
                  "file name and title line")
    t.fields = ["item", "count", "amount"]
    recs = [{"item": "行政许可", "count": 1234, "amount": None, "w": ("1,234", "")},
            {"item": "行政处罚", "count": 86, "amount": None, "w": ("８６", "")},
            {"item": "行政强制", "count": 12, "amount": None, "w": ("12", "")},
            {"item": "行政事业性收费", "count": None, "amount": 35.6, "w": ("", "35.6")}]
    rows = [["安宁县市场监督管理局2024年行政许可、处罚、强制及收费情况统计", "", "", ""],
            ["统计事项", "本年处理决定数量", "本年收费金额（单位：万元）", "备注"]]
    t.sheet("", "ledger", 2)
    for i, rec in enumerate(recs):
        rows.append([rec["item"], rec["w"][0], rec["w"][1], "含不动产登记费" if rec["item"] == "行政事业性收费" else ""])
        t.rec("", 3 + i, rec)
    rows.append(["合计", "1,332", "35.6", ""])
    t.other("", 7, "合计")
    rows.append(["注：金额单位为万元，数量单位为件。", "", "", ""])
    t.other("", 8, "注")
    write_csv(rows, os.path.join(scratch, "gb18030", name))
    add(t)


# -- 14. 北门街道 media: hidden rows and columns, an autofilter hiding rows (openpyxl)

@openpyxl_file("北门街道2024年政务新媒体更新台账.xlsx", "media", "安宁县北门街道办事处",
               ["hidden-rows (data)", "hidden-columns (标题 holds data)", "autofilter-with-criteria (rows hidden by the filter hold data)",
                "extra-columns"],
               "file name and title")
def hidden_file(b, t):
    recs = gen_media("beimen", [("北门发布", "微信公众号", 3, 8), ("北门街道", "抖音", 6, 14)])
    t.fields = ["account", "platform", "posted", "title"]
    sh = ledger_sheet(b, t, "更新台账", "北门街道2024年政务新媒体更新台账", ["序号", "账号名称", "平台", "发布日期", "标题", "审核人"])
    r = 3
    for i, rec in enumerate(recs):
        sh.row(r, [i + 1, rec["account"], rec["platform"], C(rec["posted"], "ymd"), rec["title"], PEOPLE[i % len(PEOPLE)]])
        t.rec("更新台账", r, rec)
        if rec["platform"] != "微信公众号" or i % 17 == 5:
            sh.hidden_rows.append(r)
        r += 1
    sh.hidden_cols = [5]
    sh.autofilter = (2, 1, r - 1, 6)
    sh.filter = (2, ["微信公众号"])


# -- 15. 人社局 activities: columns in another order, extra columns; CSV opened and saved as .xlsx by LibreOffice

ACT_NAMES = {"政务公开专题培训": "全局政务公开业务培训", "市民代表列席会议": "邀请市民代表列席局务会议",
             "政府开放日/公众开放活动": "社保服务大厅开放日", "主要负责人听取政务公开汇报": "局长办公会听取政务公开工作汇报",
             "政策解读活动": "养老保险政策进社区宣讲", "新闻发布会": "2024年就业创业政策新闻发布会"}
ACT_WORDS = {"政务公开专题培训": "培训", "市民代表列席会议": "列席会议", "政府开放日/公众开放活动": "开放日",
             "主要负责人听取政务公开汇报": "听取汇报", "政策解读活动": "政策解读活动", "新闻发布会": "新闻发布会"}


def gen_activities(key, types):
    r = rng("activities", key)
    offs = sorted(r.sample(range(20, 345), len(types)))
    return [{"act_type": ty, "held": day_of(off), "name": ACT_NAMES[ty], "participants": r.randint(12, 80),
             "evidence": r.choice(["会议纪要、照片", "签到表", "新闻报道链接"])} for ty, off in zip(types, offs)]


def columns_file(scratch):
    name = "安宁县人力资源和社会保障局2024年公众参与台账.xlsx"
    t = FileTruth(name, "LibreOffice (CSV opened and saved as .xlsx; dates and numbers detected by LibreOffice)", "activities",
                  "安宁县人力资源和社会保障局",
                  ["columns-in-another-order", "extra-columns (序号, 地点, 主办科室, 备注)", "no-title", "short-enum-forms", "dates-as-date-cells"],
                  "file name")
    recs = gen_activities("renshe", ["政务公开专题培训", "市民代表列席会议", "政府开放日/公众开放活动", "市民代表列席会议",
                                     "主要负责人听取政务公开汇报", "政策解读活动", "新闻发布会"])
    t.fields = ["name", "held", "act_type", "participants", "evidence"]
    rows = [["序号", "活动名称", "日期", "地点", "类型", "主办科室", "参加人数", "佐证材料", "备注"]]
    t.sheet(name.rsplit(".", 1)[0], "ledger", 1)
    for i, rec in enumerate(recs):
        rows.append([i + 1, rec["name"], rec["held"].isoformat(), "县人社局三楼会议室" if i % 2 else "县政务服务中心",
                     ACT_WORDS[rec["act_type"]], "办公室", rec["participants"], rec["evidence"], ""])
        t.rec(name.rsplit(".", 1)[0], i + 2, rec)
    write_csv(rows, os.path.join(scratch, "xlsx-csv", name.replace(".xlsx", ".csv")))
    add(t)


# -- 16. 农业农村局 appeals: 案件类型 merged over its cases (LibreOffice)

@fods_file("安宁县农业农村局2024年行政复议行政诉讼台账.xlsx", "appeals", "安宁县农业农村局",
           ["merged-vertical-data (案件类型 over its cases)",
            "merged-over-total (案件类型 merged over its cases and their 小计 row)",
            "merged-crossing-header (关联申请编号 merged from the header down over its empty column)",
            "unit-without-aliases", "short-enum-forms"],
           "file name and title (the unit has no alias: full name only)")
def appeals_file(b, t):
    recs = [{"case_type": "行政复议", "case_no": "安复〔2024〕3号", "received": D(2024, 3, 12), "result": "结果维持", "rw": "维持", "related_app": None},
            {"case_type": "行政复议", "case_no": "安复〔2024〕17号", "received": D(2024, 6, 4), "result": "结果纠正", "rw": "撤销", "related_app": None},
            {"case_type": "行政复议", "case_no": "安复〔2024〕29号", "received": D(2024, 10, 21), "result": "尚未审结", "rw": "审理中", "related_app": None},
            {"case_type": "未经复议直接起诉", "case_no": "（2024）安0815行初12号", "received": D(2024, 5, 8), "result": "结果维持", "rw": "维持", "related_app": None},
            {"case_type": "未经复议直接起诉", "case_no": "（2024）安0815行初31号", "received": D(2024, 9, 2), "result": "其他结果", "rw": "其他", "related_app": None}]
    t.fields = ["case_type", "case_no", "received", "result", "related_app"]
    sh = ledger_sheet(b, t, "复议诉讼", "安宁县农业农村局2024年政府信息公开行政复议、行政诉讼台账", ["序号", "案件类型", "案号", "立案日期", "审理结果", "关联申请编号", "备注"])
    r, start = 3, 3

    # Each type's cases end in a 小计 row, which its merged 案件类型 covers too.
    def subtotal():
        nonlocal r
        sh.row(r, ["小计", None, f"{r - start}件"], 1)
        t.other("复议诉讼", r, "小计 (covered by the merged 案件类型)")
        sh.merge(start, 2, r, 2)
        r += 1

    for i, rec in enumerate(recs):
        if i == 0 or rec["case_type"] != recs[i - 1]["case_type"]:
            if i:
                subtotal()
            start = r
            sh.put(r, 2, "行政诉讼" if rec["case_type"] == "未经复议直接起诉" else rec["case_type"])
        sh.row(r, [i + 1], 1)
        sh.row(r, [rec["case_no"], C(rec["received"], "cn"), rec["rw"], None, "涉及政府信息公开"], 3)
        t.rec("复议诉讼", r, rec)
        r += 1
    subtotal()
    # 关联申请编号 is empty: its header label merged down over the column.
    sh.merge(2, 6, r - 1, 6)


# -- 17. 融媒体中心 media with a real pivot table sheet (LibreOffice data pilot)

@fods_file("安宁县融媒体中心2024年政务新媒体更新台账.xlsx", "media", "安宁县融媒体中心",
           ["pivot-table-sheet (数据透视: its header cells look like a media ledger's)", "autofilter (no criteria)", "public-institution (12… credit code)"],
           "file name and title",
           writer="LibreOffice (from .fods; the pivot table is LibreOffice's data pilot, exported as xl/pivotTables)")
def pivot_file(b, t):
    recs = gen_media("rongmei", [("安宁融媒", "微信公众号", 1, 4), ("爱安宁", "客户端", 2, 6), ("安宁头条", "今日头条", 3, 8)])
    t.fields = ["account", "platform", "posted", "title"]
    sh = ledger_sheet(b, t, "台账", "安宁县融媒体中心2024年政务新媒体更新台账", ["账号名称", "平台", "发布日期", "标题"])
    for i, rec in enumerate(recs):
        sh.row(3 + i, [rec["account"], rec["platform"], C(rec["posted"], "ymd"), rec["title"]])
        t.rec("台账", 3 + i, rec)
    last = 2 + len(recs)
    sh.autofilter = (2, 1, last, 4)
    pv = b.add(Sheet("数据透视"))
    t.sheet("数据透视", "pivot", why="LibreOffice data pilot output (xl/pivotTables/pivotTable1.xml): counts per account, not a ledger")
    # The data pilot's output as LibreOffice lays it out: row field, data field, rows, 总计结果.
    accounts = []
    for x in recs:
        if x["account"] not in accounts:
            accounts.append(x["account"])
    accounts.sort()
    # Rows 1–2 are left for the filter button, as LibreOffice places the
    # table (its pivotTable location starts at row 3).
    pv.row(3, ["账号名称", "计数 - 标题"])
    for i, a in enumerate(accounts):
        pv.row(4 + i, [a, sum(1 for x in recs if x["account"] == a)])
    pv.row(4 + len(accounts), ["总计结果", len(recs)])
    b.pivot = {"name": "数据透视表1", "sheet": "数据透视", "target": (1, 1, 4 + len(accounts), 2), "source": "台账",
               "range": (2, 1, last, 4), "row_field": "账号名称", "data_field": "标题"}


# -- 18–20. refusal formats: .xls and .et (BIFF8) and .ods written by LibreOffice

def formats_files(scratch):
    def resp_book(key, unit_short):
        b = Book()
        recs = gen_responses(key, 8)
        sh = ledger_sheet(b, None, "回应关切", f"{unit_short}2024年回应关切台账", ["序号", "来源", "收到时间", "回应时间", "级别", "事项"])
        for i, rec in enumerate(recs):
            sh.row(3 + i, [i + 1, rec["source_words"], C(rec["received_at"], "dt"), C(rec["responded_at"], "dt"), rec["level_words"], rec["subject"]])
        return b, recs, ["source", "received_at", "responded_at", "level", "subject"], "回应关切"

    b, recs, fields, sname = resp_book("xinglin", "杏林乡")
    write_fods(b, os.path.join(scratch, "xls", "formats__" + "杏林乡2024年回应关切台账.fods"))
    for ext, why in (("xls", "Excel 97–2003 workbook (BIFF8) written by LibreOffice (--convert-to xls)"),
                     ("et", "WPS .et: the same BIFF8 bytes as the .xls, renamed")):
        t = FileTruth(f"formats/杏林乡2024年回应关切台账.{ext}", "LibreOffice (.fods → .xls)" + (", renamed .et" if ext == "et" else ""),
                      "responses", "安宁县杏林乡人民政府", [ext + "-format"], "file name and title",
                      refusal={"why": why, "reason": "not .xlsx/.csv: refused with a message telling the clerk how to save as .xlsx in Excel and in WPS "
                                                     "(or, if a .xls reader that passes these files exactly is added, loaded with the rows below)"})
        t.fields = fields
        t.sheet(sname, "ledger", 2)
        for i, rec in enumerate(recs):
            t.rec(sname, 3 + i, rec)
        add(t)

    b = Book()
    recs = gen_activities("songshan", ["市民代表列席会议", "市民代表列席会议", "政府开放日/公众开放活动", "政务公开专题培训",
                                       "主要负责人听取政务公开汇报"])
    t = FileTruth("formats/松山镇2024年公众参与台账.ods", "LibreOffice (.fods → .ods)", "activities", "安宁县松山镇人民政府",
                  ["ods-format"], "file name and title",
                  refusal={"why": "OpenDocument spreadsheet (.ods) written by LibreOffice",
                           "reason": "not .xlsx/.csv: refused with an accurate message (today it is called damaged), telling the clerk how to save as .xlsx"})
    t.fields = ["act_type", "held", "name", "participants", "evidence"]
    sh = ledger_sheet(b, t, "公众参与", "松山镇2024年公众参与台账", ["序号", "活动类型", "活动日期", "活动名称", "参加人数", "佐证材料"])
    for i, rec in enumerate(recs):
        sh.row(3 + i, [i + 1, ACT_WORDS[rec["act_type"]], C(rec["held"], "ymd"), rec["name"], rec["participants"], rec["evidence"]])
        t.rec("公众参与", 3 + i, rec)
    write_fods(b, os.path.join(scratch, "ods", "formats__" + "松山镇2024年公众参与台账.fods"))
    add(t)


# -- 21–24. two- and three-row headers with merged group cells (issue 14): applications ledgers
# laid out as many offices keep them, the groups 申请人情况, 申请情况, 补正, 办理情况 merged over their
# sub-columns and every other header cell merged down over the header rows.


def group_header(sh, r0, depth, spec):
    """Writes a header of depth rows from spec, a list of (label, sub): sub a
    list of (label, sub) for a group cell merged across its sub-columns, else
    a leaf merged down to the header's last row, sub being the kind's field
    it holds (None: a column the kind does not have). Returns the leaves'
    (label, field) in column order."""
    leaves = []

    def place(r, items):
        for label, sub in items:
            c = len(leaves) + 1
            sh.put(r, c, label)
            if isinstance(sub, list):
                place(r + 1, sub)
                sh.merge(r, c, r, len(leaves))
            else:
                sh.merge(r, c, r0 + depth - 1, c)
                leaves.append((label, sub))

    place(r0, spec)
    return leaves


def applicant_name(rec, i):
    if rec["applicant_type"] == "自然人":
        return PEOPLE[(i * 5) % len(PEOPLE)]
    return {"商业企业": "某建材有限公司", "法律服务机构": "某律师事务所", "科研机构": "某研究院", "社会公益组织": "某公益服务中心",
            "其他": "某村民委员会"}[rec["applicant_type"]]


def app_cells(rec, i, leaves, dates=None, cells=None):
    """One applications row (record i) under leaves; dates maps a date field
    to how its cell is written ("text": the ISO date as text in a
    text-formatted cell; default: a date cell); cells maps a field to how
    this file writes it, cells[f](value, i), before any of these rules."""
    dates, cells = dates or {}, cells or {}
    out = []
    for label, f in leaves:
        v = rec.get(f) if f else None
        if f in cells:
            v = cells[f](v, i)
        elif f is None:
            v = {"序号": i + 1, "姓名/名称": applicant_name(rec, i), "名称": applicant_name(rec, i),
                 "联系电话": f"0999-62{31000 + 17 * i}", "经办人": PEOPLE[i % len(PEOPLE)], "备注": rec.get("note")}[label]
        elif f == "extended":
            v = "是" if v else "否"
        elif f == "outcome":
            v = outcome_word(v, i)
        elif isinstance(v, dt.date):
            v = C(v.isoformat(), "text") if dates.get(f) == "text" else C(v, "ymd")
        out.append(v)
    return out


def apps_group_file(b, t, sname, title, r0, depth, spec, recs, dates=None):
    sh = b.add(Sheet(sname))
    t.sheet(sname, "ledger", r0 + depth - 1)
    leaves = group_header(sh, r0, depth, spec)
    sh.put(1, 1, title)
    sh.merge(1, 1, 1, len(leaves))
    t.fields = [f for _, f in leaves if f]
    r = r0 + depth
    for i, rec in enumerate(recs):
        sh.row(r, app_cells(rec, i, leaves, dates))
        t.rec(sname, r, rec)
        r += 1
    return sh, leaves, r


@fods_file("安宁县住房和城乡建设局2024年依申请公开台账.xlsx", "applications", "安宁县住房和城乡建设局",
           ["two-row-header (申请人情况, 申请情况, 补正, 办理情况 merged over their sub-columns; 序号, 申请编号, 信息处理费, 备注 "
            "merged down over both header rows)", "group-plus-sub-header (补正 + 告知日期 = 补正告知日期)",
            "extra-columns-in-a-group (姓名/名称, 联系电话 under 申请人情况)", "date-as-text (答复日期 in text-formatted cells)",
            "print-area"],
           "file name and title")
def two_row_lo_file(b, t):
    recs = gen_apps("zhujian", "ZJ", 8)
    spec = [("序号", None), ("申请编号", "app_no"),
            ("申请人情况", [("申请人类型", "applicant_type"), ("姓名/名称", None), ("联系电话", None)]),
            ("申请情况", [("收到日期", "received"), ("申请方式", "channel"), ("申请内容", "content")]),
            ("补正", [("告知日期", "correction_notice"), ("完成日期", "correction_done")]),
            ("办理情况", [("是否延期", "extended"), ("征求意见天数", "consult_days"), ("答复日期", "replied"), ("办理结果", "outcome")]),
            ("信息处理费（元）", "fee"), ("备注", None)]
    sh, leaves, r = apps_group_file(b, t, "依申请公开", "安宁县住房和城乡建设局2024年政府信息公开申请办理台账", 2, 2, spec, recs,
                                    {"replied": "text"})
    sh.print_area = (1, 1, r - 1, len(leaves))
    sh.widths = {8: 40}
    add_table3("安宁县住房和城乡建设局", recs)


@openpyxl_file("安宁县自然资源和规划局2024年依申请公开台账.xlsx", "applications", "安宁县自然资源和规划局",
               ["two-row-header (申请人, 补正情况, 答复情况 merged over their sub-columns; the others merged down)",
                "group-plus-sub-header (申请人 + 类型 = 申请人类型)", "synonym-headers (登记编号, 答复类型)",
                "extra-columns (名称 under 申请人, 经办人)", "date-as-text (收到日期 in text-formatted cells)",
                "freeze-panes", "print-area", "print-titles (the header rows repeated on every page)"],
               "file name and title")
def two_row_openpyxl_file(b, t):
    recs = gen_apps("ziranziyuan", "ZR", 9)
    spec = [("序号", None), ("登记编号", "app_no"), ("收到日期", "received"),
            ("申请人", [("类型", "applicant_type"), ("名称", None)]),
            ("申请方式", "channel"), ("申请内容", "content"),
            ("补正情况", [("补正告知日期", "correction_notice"), ("补正完成日期", "correction_done")]),
            ("答复情况", [("是否延期", "extended"), ("征求意见天数", "consult_days"), ("答复日期", "replied"), ("答复类型", "outcome")]),
            ("信息处理费", "fee"), ("经办人", None)]
    sh, leaves, r = apps_group_file(b, t, "台账", "安宁县自然资源和规划局2024年依申请公开工作台账", 2, 2, spec, recs,
                                    {"received": "text"})
    sh.freeze = "D4"
    sh.print_area = (1, 1, r - 1, len(leaves))
    sh.print_rows = "2:3"
    sh.widths = {6: 40}
    add_table3("安宁县自然资源和规划局", recs)


@openpyxl_file("安宁县发展和改革局2024年依申请公开台账.XLSX", "applications", "安宁县发展和改革局",
               ["three-row-header (办理过程 over 补正 and 答复 over their sub-columns; the others merged down over three rows)",
                "upper-case-extension (.XLSX)", "formulas-without-values in a column the kind does not have (序号 =ROW()-4)"],
               "file name and title")
def three_row_file(b, t):
    recs = gen_apps("fagai", "FG", 7)
    spec = [("序号", None), ("申请编号", "app_no"), ("收到日期", "received"), ("申请人类型", "applicant_type"), ("申请方式", "channel"),
            ("申请内容", "content"),
            ("办理过程", [("补正", [("告知日期", "correction_notice"), ("完成日期", "correction_done")]),
                      ("是否延期", "extended"), ("征求意见天数", "consult_days"),
                      ("答复", [("答复日期", "replied"), ("办理结果", "outcome")])]),
            ("信息处理费（元）", "fee")]
    sh, _, end = apps_group_file(b, t, "Sheet1", "安宁县发展和改革局2024年政府信息公开申请办理台账", 2, 3, spec, recs)
    # openpyxl writes a formula without its value: harmless in 序号.
    for r in range(5, end):
        sh.put(r, 1, "=ROW()-4")
    add_table3("安宁县发展和改革局", recs)


# The plain applications ledger's columns: no 补正, 征求意见 or 信息处理费.
APPS_PLAIN = [("序号", None), ("申请编号", "app_no"), ("收到日期", "received"), ("申请人类型", "applicant_type"), ("申请方式", "channel"),
              ("申请内容", "content"), ("是否延期", "extended"), ("答复日期", "replied"), ("办理结果", "outcome")]


# -- 25. 松山镇 applications: a CSV as Excel saves it (UTF-8 with BOM, CRLF), a 合计 line under the data (Python csv)

def bom_total_csv_file(out):
    name = "松山镇2024年依申请公开台账.csv"
    t = FileTruth(name, "Python csv (UTF-8 with BOM, CRLF)", "applications", "安宁县松山镇人民政府",
                  ["csv-bom-crlf", "total-row (合计 line under the data)", "dates-slashed (2024/3/5)"], "file name")
    recs = gen_apps("songshan", "SS", 6)
    hdr = APPS_PLAIN
    t.fields = [f for _, f in hdr if f]
    t.sheet("", "ledger", 1)
    rows = [labels(hdr)]
    for i, rec in enumerate(recs):
        d = lambda x: f"{x.year}/{x.month}/{x.day}" if x else ""
        rows.append([str(i + 1), rec["app_no"], d(rec["received"]), rec["applicant_type"], rec["channel"], rec["content"],
                     "是" if rec["extended"] else "否", d(rec["replied"]), outcome_word(rec["outcome"], i) or ""])
        t.rec("", i + 2, rec)
    rows.append(["合计", f"共{len(recs)}件", "", "", "", "", "", "", ""])
    t.other("", len(rows), "合计")
    write_csv(rows, os.path.join(out, name), bom=True)
    add_table3("安宁县松山镇人民政府", recs)
    add(t)


# -- 26. a ledger whose 答复日期 are formulas openpyxl saved without their values: refused whole

@openpyxl_file("bad/杏林乡2024年依申请公开台账.xlsx", "applications", "安宁县杏林乡人民政府",
               ["formulas-without-values (答复日期 =收到日期+N: openpyxl stores no value, Excel would)"], "file name and title",
               refusal={"why": "答复日期 holds formulas without their values (a program wrote the file): they read as empty, so the "
                               "replies would be lost; opening and saving the file in Excel or WPS computes them",
                        "reason": "refused whole: formulas without values in a column of the kind", "code": "EFORMAT",
                        "names": ["答复日期", "H5"]})
def uncached_formulas_file(b, t):
    recs = gen_apps("xinglin", "XL", 4)
    hdr = APPS_PLAIN
    t.fields = [f for _, f in hdr if f]
    sh = b.add(Sheet("台账"))
    t.sheet("台账", "ledger", 3)
    sh.row(1, ["杏林乡2024年依申请公开办理台账"])
    sh.merge(1, 1, 1, len(hdr))
    sh.row(2, ["填表说明：答复日期按收到日期自动计算，请勿修改。"])
    sh.merge(2, 1, 2, len(hdr))
    t.other("台账", 2, "说明 line")
    sh.row(3, labels(hdr))
    for i, rec in enumerate(recs):
        r = 4 + i
        row = app_cells(rec, i, hdr)
        if rec["replied"] is not None and i > 0:
            row[7] = C(f"=C{r}+{(rec['replied'] - rec['received']).days}", "ymd")
        sh.row(r, row)
        t.rec("台账", r, rec)


# -- 27. a hidden copy of the ledger left in the workbook (openpyxl): its rows repeat the ledger's 申请编号

@openpyxl_file("bad/北门街道2024年依申请公开台账.xlsx", "applications", "安宁县北门街道办事处",
               ["hidden-sheet-copy-of-the-ledger (台账 (备份), hidden, an older copy of the first rows: its numbers repeat)"],
               "file name and title")
def hidden_copy_file(b, t):
    recs = gen_apps("beimen", "BM", 5)
    hdr = APPS_PLAIN
    t.fields = [f for _, f in hdr if f]
    for sname, state, rows in (("台账", "visible", recs), ("台账 (备份)", "hidden", recs[:3])):
        sh = ledger_sheet(b, t, sname, "北门街道2024年依申请公开办理台账", labels(hdr), state=state)
        for i, rec in enumerate(rows):
            r = 3 + i
            sh.row(r, app_cells(rec, i, hdr))
            t.rec(sname, r, rec)
            if state == "hidden":
                t.bad(sname, r, "申请编号", rec["app_no"], "the hidden copy repeats the ledger's number",
                      f"“申请编号”与工作表“台账”第 {r} 行重复")


# -- bad files: each refused whole (without --partial) for the cells listed

def plant(t, sheet, r, header, row, bad):
    """Writes bad, (column label, value, why, reason) or None, into row
    (laid out under header) and notes it in t as a bad cell of row r."""
    if bad:
        column, value, why, reason = bad
        row[header.index(column)] = value
        t.bad(sheet, r, column, value, why, reason)


@openpyxl_file("bad/金沙乡2024年依申请公开台账.xlsx", "applications", "安宁县金沙乡人民政府",
               ["bad-cells", "merged-vertical-data (申请人类型 over two rows: both rows are good)"], "file name and title")
def bad_apps_file(b, t):
    recs = gen_apps("jinsha", "JS", 8)
    hdr = [("申请编号", "app_no"), ("收到日期", "received"), ("申请人类型", "applicant_type"), ("申请方式", "channel"),
           ("申请内容", "content"), ("答复日期", "replied"), ("办理结果", "outcome")]
    t.fields = [f for _, f in hdr]
    # Rows 5 and 6 (records 2, 3): one 自然人 cell merged over both.
    recs[2]["applicant_type"] = recs[3]["applicant_type"] = "自然人"
    sh = ledger_sheet(b, t, "依申请公开", "金沙乡2024年政府信息公开申请办理台账", labels(hdr))
    bad = {4: ("收到日期", "2024-02-30", "2 月没有 30 日", "不是有效日期（月或日超出范围）"),
           6: ("办理结果", "已答复", "一种状态，不是表三的办理结果", "不是年度报告表三的办理结果"),
           7: ("申请编号", recs[1]["app_no"], "与第 4 行的申请编号相同", "与第 4 行重复")}
    for i, rec in enumerate(recs):
        r = 3 + i
        vals = [rec["app_no"], C(rec["received"], "ymd"), rec["applicant_type"], rec["channel"], rec["content"],
                C(rec["replied"], "ymd") if rec["replied"] else None, outcome_word(rec["outcome"], i)]
        plant(t, "依申请公开", r, labels(hdr), vals, bad.get(i))
        sh.row(r, vals)
        if i == 3:
            sh.put(r, 3, None)
        t.rec("依申请公开", r, rec)
    sh.merge(5, 3, 6, 3)


def bad_media_file(out):
    name = "bad/城南镇2024年政务新媒体更新台账.csv"
    t = FileTruth(name, "Python csv (UTF-8 with BOM)", "media", "安宁县城南镇人民政府", ["bad-cells", "utf8-bom-csv"], "file name")
    recs = gen_media("chengnan", [("城南发布", "微信公众号", 5, 12)], end=D(2024, 4, 30))
    t.fields = ["account", "platform", "posted", "title"]
    t.sheet("", "ledger", 1)
    rows = [["账号名称", "平台", "发布日期", "标题"]]
    bad = {2: ("平台", "小红书", "不是可选的平台（应写“其他”）", "不是可选值"),
           5: ("发布日期", "2024/13/01", "没有 13 月", "不是有效日期（月或日超出范围）")}
    for i, rec in enumerate(recs):
        row = [rec["account"], rec["platform"], rec["posted"].isoformat(), rec["title"]]
        plant(t, "", i + 2, rows[0], row, bad.get(i))
        rows.append(row)
        t.rec("", i + 2, rec)
    write_csv(rows, os.path.join(out, name), bom=True)
    add(t)



def two_units_file(out):
    """A ledger whose unit is named only in a 说明 line above the header, which
    names two units: refused for naming several, both named in the message."""
    name = "bad/主动公开信息台账2024.csv"
    t = FileTruth(name, "Python csv (UTF-8 with BOM)", "disclosures", None, ["unit-in-note-names-two-units", "utf8-bom-csv"],
                  "none: the 说明 line names two units of the registry",
                  refusal={"why": "the 说明 line above the header names two registered units (财政局 and 教育体育局), nothing else names one",
                           "reason": "refused: no single unit; the message names both", "code": "ENOUNIT",
                           "names": ["安宁县财政局", "安宁县教育体育局"]})
    recs = gen_disclosures("heban", 3, "安财发", ZJ_TITLES)
    t.fields = ["title", "category", "published"]
    t.sheet("", "ledger", 3)
    rows = [["2024年主动公开政府信息台账"],
            ["说明：本表由安宁县财政局和安宁县教育体育局共同填报。"],
            ["序号", "信息标题", "信息类别", "发布日期"]]
    t.other("", 2, "说明 line (names two units)")
    for i, rec in enumerate(recs):
        rows.append([i + 1, rec["title"], rec["category"], rec["published"].isoformat()])
        t.rec("", i + 4, rec)
    write_csv(rows, os.path.join(out, name), bom=True)
    add(t)

@fods_file("bad/tasks-v2.xlsx", "tasks", None, ["bad-cells", "county-wide", "merged-vertical-data (类别)"],
           "county-wide ledger: no unit", scope="county")
def bad_tasks_file(b, t):
    t.fields = ["task_no", "task", "lead_unit_id", "partners", "deadline", "done_date", "status", "evidence"]
    tasks = [("一、调整任务", [
        ("开展城市管理领域信息公开专项检查", "县城市管理局", "年底前", ""),
        ("公开城区停车收费标准", "县发改局", "尽快", ""),
        ("公开2024年度城建项目清单", "县住建局", "6月底前", ""),
        ("公开学校食堂食品安全检查结果", "县市场监管局、县教体局", "三季度末", ""),
        ("公开农村集体“三资”管理信息", "安宁县农业农村局", "年底前", "各乡镇"),
        ("公开镇级财政预决算", "城南镇", "2024年10月底前", "")])]
    recs = task_records("tasks-v2", tasks)
    sh, r = tasks_sheet(b, t, recs, TASKS_TITLE + "（调整）")
    t.bad("重点任务", 4, "牵头单位", "县城市管理局", "单位名录中没有这个单位", "不在单位名录中")
    t.bad("重点任务", 5, "完成时限", "尽快", "不是可识别的时限", "不是可识别的完成时限")
    # The unknown unit is kept as written in the truth's record.


@fods_file("bad/松山镇2024年公众参与台账.xlsx", "activities", "安宁县松山镇人民政府", ["bad-cells", "numbers-as-text"], "file name and title")
def bad_activities_file(b, t):
    recs = gen_activities("songshan-bad", ["市民代表列席会议", "政务公开专题培训", "市民代表列席会议", "政府开放日/公众开放活动",
                                           "主要负责人听取政务公开汇报", "政策解读活动"])
    t.fields = ["act_type", "held", "name", "participants", "evidence"]
    header = ["序号", "类型", "日期", "名称", "参加人数", "佐证材料"]
    sh = ledger_sheet(b, t, "公众参与", "松山镇2024年公众参与台账", header)
    bad = {1: ("类型", "座谈会", "不是活动类型之一（应写“其他”）", "不是可选值"),
           3: ("参加人数", "-3", "人数不能为负", "不能为负数"),
           5: ("日期", "2024年2月30日", "2 月没有 30 日", "不是有效日期（月或日超出范围）")}
    for i, rec in enumerate(recs):
        r = 3 + i
        row = [i + 1, ACT_WORDS[rec["act_type"]], f"{rec['held'].year}年{rec['held'].month}月{rec['held'].day}日", rec["name"],
               str(rec["participants"]), rec["evidence"]]
        plant(t, "公众参与", r, header, row, bad.get(i))
        sh.row(r, row)
        t.rec("公众参与", r, rec)


@openpyxl_file("bad/weights-v2.xlsx", "weights", None, ["bad-cells", "county-wide", "merged-vertical-data (a bad value merged over three rows: three bad rows)"],
               "county-wide ledger: no unit", scope="county")
def bad_weights_file(b, t):
    t.fields = ["assessed", "item", "points", "counts_disclosure"]
    sh = ledger_sheet(b, t, "权重", WEIGHTS_TITLE + "（补充）", ["序号", "被考核单位", "考核项目", "分值", "是否计入政务公开"])
    rows = [("C类 事业单位", "重点业务工作", 90, False), (None, "政务公开", 6, True), (None, "党风廉政建设", 4, False),
            ("杏林乡", "政务公开", "五", True), (None, "经济发展", 36, False)]
    r = 3
    for i, (who, item, pts, counts) in enumerate(rows):
        sh.row(r, [i + 1 if who else None, who, item, pts, "是" if counts else "否"])
        written = who or ("C类 事业单位" if i < 3 else "杏林乡")
        t.rec("权重", r, {"assessed": written if written == "C类 事业单位" else unit(written), "item": item,
                        "points": pts if isinstance(pts, (int, float)) else None, "counts_disclosure": counts})
        if written == "C类 事业单位":
            t.bad("权重", r, "被考核单位", "C类 事业单位", "既不是单位也不是考核分组（合并单元格覆盖三行，每行都错）",
                  "既不是单位名录中的单位，也不是考核分组")
        r += 1
    t.bad("权重", 6, "分值", "五", "分值不是数字", "不是数字")
    sh.merge(3, 1, 5, 1)
    sh.merge(3, 2, 5, 2)
    sh.merge(6, 1, 7, 1)
    sh.merge(6, 2, 7, 2)
    sh.put(6, 1, 2)


# ---------------------------------------------------------------- main


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen.py OUT SCRATCH")
    out, scratch = sys.argv[1], sys.argv[2]
    ctx_dirs(out, scratch)
    registry(out)
    weights_file(scratch)
    tasks_file(out)
    media_csv_file(out)
    apps_footer_file(scratch)
    disclosures_note_file(scratch)
    months_file(out)
    quarters_file(scratch)
    edu_file(out)
    documents_file(scratch)
    numbers_file(out)
    merged_rows_file(scratch)
    gb_apps_file(scratch)
    gb_enforcement_file(scratch)
    hidden_file(out)
    columns_file(scratch)
    appeals_file(scratch)
    pivot_file(scratch)
    formats_files(scratch)
    two_row_lo_file(scratch)
    two_row_openpyxl_file(out)
    three_row_file(out)
    bom_total_csv_file(out)
    uncached_formulas_file(out)
    hidden_copy_file(out)
    bad_apps_file(out)
    bad_media_file(out)
    bad_tasks_file(scratch)
    bad_activities_file(scratch)
    bad_weights_file(out)
    two_units_file(out)
    truth = {
        "note": "安宁县 (county 2), 2024: what loading each file must give, computed by gen.py from the records the files are made of "
                "(never by reading a file back). See README.md for the fields.",
        "county": COUNTY, "year": YEAR,
        "registry": {"path": "单位名录.xlsx", "writer": "openpyxl", "units": UNITS},
        "files": sorted(FILES, key=lambda f: f["path"]),
        "weights": weights_truth(),
        "table3": [{"unit": u, "rows": rows} for u, rows in sorted(TABLE3.items())],
    }
    for f in truth["files"]:
        for rec in f["records"]:
            for k, v in list(rec["values"].items()):
                rec["values"][k] = jval(v)
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as fp:
        json.dump(truth, fp, ensure_ascii=False, indent=1, sort_keys=False)
        fp.write("\n")


if __name__ == "__main__":
    main()
