#!/bin/sh
# Writes lo-table-totals.xlsx: an Excel table (ListObject) with a totals row
# labelled 汇总 (as Chinese Excel labels it) and SUBTOTAL formulas, written by
# openpyxl (Debian's /usr/bin/python3, package python3-openpyxl) and saved
# again by LibreOffice Calc (libreoffice-calc-nogui), which computes and
# caches the formulas' values. Run from this folder.
set -e
tmp=$(mktemp -d)
/usr/bin/python3 - "$tmp/table-totals.xlsx" <<'PY'
import sys, datetime as dt, openpyxl
from openpyxl.worksheet.table import Table, TableStyleInfo
APP = ["申请编号","收到日期","申请人类型","申请方式","申请内容","补正告知日期","补正完成日期","是否延期","征求意见天数","答复日期","办理结果","信息处理费"]
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "台账"
ws.append(APP)
for i in range(1, 4):
    ws.append([f"T{i:02d}", dt.date(2024,3,i), "自然人", "网络", "内容", None, None, "否", i, dt.date(2024,3,20), "予以公开", 10])
    ws.cell(ws.max_row, 2).number_format = ws.cell(ws.max_row, 10).number_format = "yyyy-mm-dd"
ws.append(["汇总", None, None, None, None, None, None, None, "=SUBTOTAL(109,I2:I4)", None, None, "=SUBTOTAL(109,L2:L4)"])
t = Table(displayName="表1", ref=f"A1:L{ws.max_row}", totalsRowCount=1)
t.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
t._initialise_columns()
for c, h in zip(t.tableColumns, APP): c.name = h
t.tableColumns[0].totalsRowLabel = "汇总"; t.tableColumns[8].totalsRowFunction = "sum"; t.tableColumns[11].totalsRowFunction = "sum"
ws.add_table(t)
wb.save(sys.argv[1])
PY
soffice -env:UserInstallation=file://$tmp/profile --headless --norestore --convert-to xlsx --outdir "$tmp/out" "$tmp/table-totals.xlsx" >/dev/null 2>&1
cp "$tmp/out/table-totals.xlsx" lo-table-totals.xlsx
rm -rf "$tmp"
