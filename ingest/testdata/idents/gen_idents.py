#!/usr/bin/python3
# Identifier cells as other programs write them, for ingest's TestIdent*
# tests. Run with Debian's python, which has openpyxl:
#   cd ingest/testdata/idents && /usr/bin/python3 gen_idents.py
# What Excel shows for each cell is written beside it in the tests; it
# follows from the cell's type and number format, not from gongkai.
import csv
import openpyxl

H = ["申请编号", "收到日期", "申请人类型", "申请方式", "申请内容", "是否延期", "答复日期", "办理结果"]

def app(no, content):
    return [no, "2024-03-05", "自然人", "网络", content, "否", "2024-03-20", "予以公开"]

# 1. Text cells that look like numbers (the column set to 文本 first).
TEXT = ["2024E001", "2024e05", "12E3", "+2024001", "2024.0", "2024001.", "2.02E+07"]
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "台账"; ws.append(H)
for v in TEXT:
    ws.append(app(v, "编号写作 " + v))
    ws.cell(ws.max_row, 1).number_format = "@"
ws.append(app("2024002", "'双减'政策落实情况"))   # an apostrophe that is the text's own
wb.save("text.xlsx")

# The same as a CSV, and Excel's display of a long number (2.02E+07).
with open("text.csv", "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f, lineterminator="\r\n"); w.writerow(H)
    for v in TEXT[:-1]:
        w.writerow(app(v, "编号写作 " + v))
    w.writerow(app("'0012", "撇号开头"))
with open("sci.csv", "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f, lineterminator="\r\n"); w.writerow(H)
    w.writerow(app("2024001", "正常"))
    w.writerow(app("2.02E+07", "科学计数法"))
    w.writerow(app("1.10101E+17", "身份证号"))

# 2. Number cells with formats: shown through the format, or refused.
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "台账"; ws.append(H)
def num(v, fmt, content):
    ws.append(app(v, content))
    if fmt:
        ws.cell(ws.max_row, 1).number_format = fmt
num(20240001, None, "常规")                          # 20240001
num(123, "000000", "前导零")                         # 000123
num(7, '"SQ2024-"000', "前缀")                       # SQ2024-007
num(5, '"财发〔2024〕"0"号"', "文号")                 # 财发〔2024〕5号
num(2024013.0, "0", "整数格式")                       # 2024013
ws.append(app(True, "逻辑值"))                        # TRUE
wb.save("formats.xlsx")

wb = openpyxl.Workbook(); ws = wb.active; ws.title = "台账"; ws.append(H)
num(45292, "yyyy-m-d", "自动变成日期")                # Excel shows 2024-1-1: refused
num(110101199003071234, None, "18位")                # digits lost: refused
num(20240001, "0.00E+00", "科学计数格式")             # 2.02E+07: refused
num(1234, "#,##0", "千分位")                          # 1,234: refused (not rendered)
ws.append(app("#N/A", "公式出错"))                     # an error cell (t="e"): refused
wb.save("refused.xlsx")

# 3. A long 标题 merged over the empty 索引号 and 文号 of its row; a
# 文号 written in 索引号 and merged over 文号; 信息类别 merged down.
D = ["标题", "索引号", "文号", "信息类别", "发布日期"]
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "台账"
ws.append(["平安县财政局2024年主动公开信息台账"]); ws.merge_cells("A1:E1")
ws.append(D)
ws.append(["关于印发平安县2024年政务公开工作要点的通知（标题很长，跨了三列）", None, None, "通知公告", "2024-03-05"])
ws.merge_cells("A3:C3")
ws.append(["普通标题", "PA-2024-002", "平政发〔2024〕2号", None, "2024-03-06"])
ws.merge_cells("D3:D4")
ws.append(["另一个标题", "平政办〔2024〕3号", None, "政策文件", "2024-03-07"])
ws.merge_cells("B5:C5")
wb.save("hmerge.xlsx")
print("ok")

# formats.lo.csv and text.lo.csv are LibreOffice's reading of formats.xlsx
# and text.xlsx, each cell as shown (the tests' expected identifiers):
#   soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true' formats.xlsx text.xlsx
#   mv formats.csv formats.lo.csv; mv text.csv text.lo.csv
