#!/usr/bin/python3
# Hand-written SpreadsheetML packages for xlsxstream's tests of constructs
# other writers produce: rows and cells out of order, number formats, cell
# types, merged ranges. Run with Debian's python (only the standard
# library): cd internal/xlsxstream/testdata/raw && /usr/bin/python3 gen_raw.py
import zipfile
from xml.sax.saxutils import escape

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

def col(i):  # 0-based -> letters
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

def pkg(path, rows_xml, styles=None, extra=""):
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          + ('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' if styles else "")
          + '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{NS}" xmlns:r="{RNS}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
    wrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
             + ('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' if styles else "")
             + '</Relationships>')
    sheet = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}" xmlns:r="{RNS}"><sheetData>{rows_xml}</sheetData>{extra}</worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wrels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if styles:
            z.writestr("xl/styles.xml", styles)

def s_(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'

def row(r, cells):
    return f'<row r="{r}">' + "".join(cells) + "</row>"

HDR = row(1, [s_("A1", "标题"), s_("B1", "发布日期")])
def drow(r, t, d):
    return row(r, [s_(f"A{r}", t), s_(f"B{r}", d)])

# Rows and cells out of order: every one is refused (LibreOffice reads
# them by r=, excelize by the order written).
pkg("order_ok.xlsx", HDR + drow(2, "信息甲", "2024-03-05") + drow(3, "信息乙", "2024-03-06"))
pkg("order_rows.xlsx", HDR + drow(2, "信息甲", "2024-03-05") + drow(4, "信息丙", "2024-03-07") + drow(3, "信息乙", "2024-03-06") + drow(5, "信息丁", "2024-03-08"))
pkg("order_rowdup.xlsx", HDR + drow(2, "信息甲", "2024-03-05") + drow(2, "信息乙", "2024-03-06"))
pkg("order_cells.xlsx", HDR + row(2, [s_("B2", "2024-03-05"), s_("A2", "信息甲")]) + drow(3, "信息乙", "2024-03-06"))
pkg("order_celldup.xlsx", HDR + row(2, [s_("A2", "信息甲"), s_("A2", "信息乙")]))
pkg("order_foreign.xlsx", HDR + row(2, [s_("A2", "信息甲"), s_("B3", "2024-03-05")]))

# Cell types and number formats, as Excel writes them: s= indexes
# cellXfs, whose numFmtId is a built-in format or one of numFmts.
STYLES = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{NS}"><numFmts count="3"><numFmt numFmtId="164" formatCode="000000"/><numFmt numFmtId="165" formatCode="&quot;SQ2024-&quot;000"/><numFmt numFmtId="166" formatCode="yyyy/m/d"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>'''
cells = [
    '<c r="A1" s="1"><v>123</v></c>',          # number, 000000
    '<c r="B1" s="2"><v>7</v></c>',            # number, "SQ2024-"000
    '<c r="C1" s="3"><v>45292</v></c>',        # number, yyyy/m/d
    '<c r="D1" s="4"><v>45356</v></c>',        # number, built-in 14
    '<c r="E1" s="5" t="inlineStr"><is><t>2024E001</t></is></c>',  # text, @
    '<c r="F1" t="b"><v>1</v></c>',            # bool
    '<c r="G1" t="e"><f>NA()</f><v>#N/A</v></c>',  # error
    '<c r="H1" t="d"><v>2024-03-05T00:00:00</v></c>',  # ISO date
    '<c r="I1"><v>2024001</v></c>',            # number, no style
    '<c r="J1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>',  # formula text
    '<c r="K1" t="n" s="9"><v>5</v></c>',      # style beyond cellXfs
]
pkg("types.xlsx", row(1, cells), STYLES)

# Merged ranges: A2:C2 across (a title-like value over three columns),
# D2:D3 down, and E2:F3 both.
rows = row(1, [s_("A1", "标题"), s_("B1", "索引号"), s_("C1", "文号"), s_("D1", "类别"), s_("E1", "甲"), s_("F1", "乙")])
rows += row(2, ['<c r="A2" s="1"><v>12</v></c>', '<c r="B2" s="1"/>', '<c r="C2" s="1"/>', s_("D2", "类"), s_("E2", "块")])
rows += row(3, [s_("A3", "下一行")])
merges = '<mergeCells count="3"><mergeCell ref="A2:C2"/><mergeCell ref="D2:D3"/><mergeCell ref="E2:F3"/></mergeCells>'
pkg("merges.xlsx", rows, STYLES, merges)
print("ok")
