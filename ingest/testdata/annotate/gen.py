#!/usr/bin/python3
# Makes the commented ledgers of TestAnnotateKeepsCommentsOfOtherWriters
# with other programs than gongkai: lo-comments.fods (converted to .xlsx by
# LibreOffice, see make.sh) and openpyxl-comments.xlsx (Debian's
# /usr/bin/python3 with its python3-openpyxl). Both hold the same ledger:
#   row 1 title, row 2 header,
#   row 3 A01, good, the clerk's comment on E3 "批注：材料已补充",
#   row 4 A02, 收到日期 B4 "2024-02-30" (no such day), the clerk's comment
#         on B4 "来信邮戳日期",
#   row 5 A03, 收到日期 B5 "2024-13-01" (no such month), no comment,
#   row 6 A04, 收到日期 B6 and 答复日期 J6 dates (numbers formatted
#         yyyy/m/d), J6 2024-03-01 before B6 2024-03-05: the copy must
#         still show J6 as a date.
# Run make.sh from this directory; commit what changes.
import datetime as dt
import openpyxl
from openpyxl.comments import Comment

APP = ["申请编号","收到日期","申请人类型","申请方式","申请内容","补正告知日期","补正完成日期","是否延期","征求意见天数","答复日期","办理结果","信息处理费"]
TITLE = "平安县财政局2024年依申请公开办理台账"
ROWS = [
    ["A01", "2024-03-05", "自然人", "网络", "关于某事", None, None, "否", 0, "2024-03-20", "予以公开", 0],
    ["A02", "2024-02-30", "自然人", "网络", "内容", None, None, "否", 0, "2024-03-20", "予以公开", 0],
    ["A03", "2024-13-01", "自然人", "网络", "内容", None, None, "否", 0, "2024-03-20", "予以公开", 0],
    ["A04", dt.date(2024, 3, 5), "自然人", "网络", "内容", None, None, "否", 0, dt.date(2024, 3, 1), "予以公开", 0],
]
COMMENTS = {(3, 5): "批注：材料已补充", (4, 2): "来信邮戳日期"}  # (row, column), 1-based

# LibreOffice: flat ODS, texts as strings (dates too, as typed with a
# leading apostrophe), numbers as floats.
def cell(v, note=None):
    ann = f"<office:annotation><text:p>{note}</text:p></office:annotation>" if note else ""
    if v is None:
        return f"<table:table-cell>{ann}</table:table-cell>" if ann else "<table:table-cell/>"
    if isinstance(v, dt.date):
        return f'<table:table-cell table:style-name="cD" office:value-type="date" office:date-value="{v.isoformat()}">{ann}<text:p>{v.year}/{v.month}/{v.day}</text:p></table:table-cell>'
    if isinstance(v, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{v}">{ann}<text:p>{v}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string">{ann}<text:p>{v}</text:p></table:table-cell>'
def row(r, vals):
    return "<table:table-row>" + "".join(cell(v, COMMENTS.get((r, c + 1))) for c, v in enumerate(vals)) + "</table:table-row>\n"
body = row(1, [TITLE]) + row(2, APP) + "".join(row(3 + i, v) for i, v in enumerate(ROWS))
open("lo-comments.fods", "w").write('''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="D"><number:year number:style="long"/><number:text>/</number:text><number:month/><number:text>/</number:text><number:day/></number:date-style>
 <style:style style:name="cD" style:family="table-cell" style:data-style-name="D"/>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="台账"><table:table-column table:number-columns-repeated="12"/>
''' + body + "</table:table></office:spreadsheet></office:body></office:document>\n")

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "台账"
ws.append([TITLE])
ws.append(APP)
for v in ROWS:
    ws.append(v)
for c in ("B6", "J6"):
    ws[c].number_format = "yyyy/m/d"
for (r, c), text in COMMENTS.items():
    ws.cell(r, c).comment = Comment(text, "办事员")
wb.save("openpyxl-comments.xlsx")
