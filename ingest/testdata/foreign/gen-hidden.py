#!/usr/bin/python3
# Writes hidden-sheet.xlsx with openpyxl (Debian's /usr/bin/python3, package
# python3-openpyxl): a visible 依申请公开 ledger and, on a veryHidden sheet
# "备份" and a hidden sheet "旧表", 主动公开 and 新媒体 ledgers the clerk
# does not see in Excel. Run from this folder.
import datetime as dt, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "台账"
ws.append(["申请编号", "收到日期", "申请人类型", "答复日期", "办理结果"])
ws.append(["H01", dt.date(2024, 3, 1), "自然人", dt.date(2024, 3, 8), "予以公开"])
ws.append(["H02", dt.date(2024, 4, 2), "自然人", dt.date(2024, 4, 9), "予以公开"])
for r in (2, 3):
    ws.cell(r, 2).number_format = ws.cell(r, 4).number_format = "yyyy-mm-dd"
vh = wb.create_sheet("备份"); vh.sheet_state = "veryHidden"
vh.append(["标题", "发布日期"])
vh.append(["看不见的信息", "2024-03-05"])
h = wb.create_sheet("旧表"); h.sheet_state = "hidden"
h.append(["账号名称", "平台", "发布日期", "标题"])
h.append(["平安财政", "微信公众号", "2024-03-06", "旧表里的推文"])
wb.save("hidden-sheet.xlsx")
