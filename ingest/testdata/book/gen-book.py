#!/usr/bin/python3
# Writes the 汇编 workbooks of TestWorkbook*: one sheet per ledger kind
# (依申请公开, 主动公开, 复议诉讼), as a county office files its year.
# Written by openpyxl (Debian's /usr/bin/python3, package python3-openpyxl),
# not by gongkai. Re-run from this folder: /usr/bin/python3 gen-book.py
#   book-a.xlsx        3 sheets, every row good (3 applications, 2 disclosures, 1 appeal), titles "甲…"
#   book-b.xlsx        the same sheets with other rows (4, 3, 2), titles "乙…"
#   book-bad-row.xlsx  book-a with one bad date on the 依申请公开 sheet: B4 is the text 2024/13/45
#   book-bad-unit.xlsx book-a whose 复议诉讼 sheet is titled for 平安县教育局 (another unit)
import datetime as dt, openpyxl

APP = ["申请编号", "收到日期", "申请人类型", "申请方式", "申请内容", "补正告知日期", "补正完成日期",
       "是否延期", "征求意见天数", "答复日期", "办理结果", "信息处理费"]
DIS = ["标题", "索引号", "文号", "信息类别", "形成日期", "发布日期", "公开渠道", "链接", "审核人", "保密审查"]
APL = ["案件编号", "类型", "收到日期", "结果", "关联申请编号"]


def sheet(wb, name, title, header, rows, date_cols):
    ws = wb.create_sheet(name)
    ws.append([title])
    ws.append(header)
    for r in rows:
        ws.append(r)
        for c in date_cols:
            ws.cell(ws.max_row, c).number_format = "yyyy-mm-dd"
    return ws


def book(path, tag, n_app, n_dis, n_apl, bad_row=False, other_unit=False):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    apps = [[f"{tag}-A{i:02d}", dt.date(2024, 3, i), "自然人", "网络", f"{tag}申请{i}", None, None, "否", None,
             dt.date(2024, 3, 20 + i), "予以公开", None] for i in range(1, n_app + 1)]
    ws = sheet(wb, "依申请公开", "平安县财政局2024年依申请公开办理台账", APP, apps, (2, 10))
    if bad_row:
        ws["B4"] = "2024/13/45"  # a date with month 13: refused
    dis = [[f"{tag}信息{i}", f"IDX-{tag}-{i}", None, "财政预决算", dt.date(2024, 4, i), dt.date(2024, 4, i + 1),
            "政府网站", None, "张三", "是"] for i in range(1, n_dis + 1)]
    sheet(wb, "主动公开", "平安县财政局2024年主动公开信息台账", DIS, dis, (5, 6))
    unit = "平安县教育局" if other_unit else "平安县财政局"
    apl = [[f"{tag}-F{i:02d}", "行政复议", dt.date(2024, 5, i), "结果维持", f"{tag}-A01"] for i in range(1, n_apl + 1)]
    sheet(wb, "复议诉讼", f"{unit}2024年行政复议、行政诉讼台账", APL, apl, (3,))
    wb.save(path)


book("book-a.xlsx", "甲", 3, 2, 1)
book("book-b.xlsx", "乙", 4, 3, 2)
book("book-bad-row.xlsx", "甲", 3, 2, 1, bad_row=True)
book("book-bad-unit.xlsx", "甲", 3, 2, 1, other_unit=True)
