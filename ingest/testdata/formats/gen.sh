#!/bin/sh
# Files written by other software for ingest/formats_test.go (not by gongkai).
# Re-run from this folder: sh gen.sh   (needs Debian's /usr/bin/python3 with
# openpyxl, iconv, and LibreOffice as soffice). Outputs are committed; the
# test asserts what Excel/LibreOffice show for them, written out by hand.
set -e
cd "$(dirname "$0")"
H='申请编号,收到日期,申请人类型,申请方式,申请内容,补正告知日期,补正完成日期,是否延期,征求意见天数,答复日期,办理结果,信息处理费'
/usr/bin/python3 - <<'PY'
import zipfile, openpyxl
APP = ["申请编号","收到日期","申请人类型","申请方式","申请内容","补正告知日期","补正完成日期","是否延期","征求意见天数","答复日期","办理结果","信息处理费"]
R1 = ["H01","2024-03-05","自然人","网络","内容","","","否","0","2024-03-20","予以公开","0"]
# A: an HTML table under an .xls name, as business systems export it (UTF-8 and GBK).
html = '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta http-equiv="Content-Type" content="text/html; charset=%s"></head><body><table border="1"><tr>' + "".join(f"<th>{h}</th>" for h in APP) + "</tr><tr>" + "".join(f"<td>{v}</td>" for v in R1) + "</tr></table></body></html>"
open("html_export.xls", "w", encoding="utf-8").write(html % "utf-8")
open("html_export_gbk.xls", "w", encoding="gbk").write(html % "gbk")
# A: Excel 2003 XML spreadsheet under an .xls name.
cells = lambda vals: "".join(f'<Cell><Data ss:Type="String">{v}</Data></Cell>' for v in vals)
open("spreadsheetml2003.xls", "w", encoding="utf-8").write(f'''<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="台账"><Table><Row>{cells(APP)}</Row><Row>{cells(R1)}</Row></Table></Worksheet></Workbook>''')
# A: an .xlsb's parts (Excel's binary workbook), zipped by hand.
with zipfile.ZipFile("binary.xlsb", "w") as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>')
    z.writestr("xl/workbook.bin", b"\x83\x01\x00\x80\x01\x00" * 10)
    z.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00" * 10)
    z.writestr("xl/theme/theme1.xml", '<?xml version="1.0"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office"/>')
# A: a Word document named .xlsx: the parts of a minimal .docx.
with zipfile.ZipFile("word_named.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>平安县财政局2024年依申请公开办理台账说明</w:t></w:r></w:p></w:body></w:document>')
# A: a workbook by openpyxl and a plain zip of ledgers (台账打包.zip).
wb = openpyxl.Workbook(); ws = wb.active
ws.append(APP); ws.append(R1); wb.save("plain.xlsx")
with zipfile.ZipFile("台账打包.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("财政局/台账.csv", ",".join(APP) + "\n" + ",".join(R1) + "\n")
    z.write("plain.xlsx", "财政局/台账.xlsx")
# C: a comma CSV whose 公开渠道 is 政府网站，公开栏 on every row and two
# titles quoted for their ASCII commas (Python's csv module, with BOM).
import csv
H = ["标题","索引号","发布日期","公开渠道","保密审查"]
rows = [[f"关于第{i}批项目的公示","",f"2024-03-{i+1:02d}","政府网站，公开栏","是"] for i in range(8)]
rows[2][0] = "关于A,B两个项目的公示"; rows[5][0] = "关于C,D,E三个项目的公示"
with open("csv_delim_sniff2.csv", "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f, lineterminator="\r\n"); w.writerow(H); w.writerows(rows)
PY
# A: the workbook saved as a web page by LibreOffice Calc, under an .xls
# name. (This LibreOffice has no Writer and its Excel 2003 XML export
# fails, so the .docx and the 2003 XML are written above by hand.)
L="soffice -env:UserInstallation=file:///tmp/gongkai-formats-lo --headless --norestore"
$L --convert-to html --outdir . plain.xlsx >/dev/null 2>&1
mv plain.html lo_html.xls
# A: the workbook printed to PDF by LibreOffice (a scanned or printed ledger).
$L --convert-to pdf --outdir . plain.xlsx >/dev/null 2>&1
mv plain.pdf lo_printed.pdf
# B: a bare quote in an unquoted field (Excel shows 关于"双减"政策), and a
# quoted field with text after its closing quote (refused).
printf '%s\r\nQ01,2024-03-05,自然人,网络,关于"双减"政策,,,否,0,2024-03-20,予以公开,0\r\n' "$H" > csv_barequote.csv
printf '%s\r\nQ02,2024-03-05,自然人,网络,"关于"双减"政策",,,否,0,2024-03-20,予以公开,0\r\n' "$H" > csv_strayquote.csv
# D: GB18030 with one UTF-8 line pasted in (iconv), and the reverse.
{ printf '标题,发布日期\r\n平安县财政局通知,2024-03-05\r\n' | iconv -f UTF-8 -t GB18030; printf '网络,2024-03-06\r\n'; } > csv_mixed_dis2.csv
{ printf '标题,发布日期\r\n平安县财政局通知,2024-03-05\r\n'; printf '网络公开,2024-03-06\r\n' | iconv -f UTF-8 -t GB18030; } > csv_mixed_utf8_gbk.csv
# D, the reverse: 2000 UTF-8 rows (past the 64 KB the encoding is sniffed
# from), then a GBK row.
{ printf '标题,发布日期\r\n'; i=1; while [ $i -le 2000 ]; do printf '关于第%d批项目的公示,2024-03-05\r\n' $i; i=$((i + 1)); done
  printf '网络公开,2024-03-06\r\n' | iconv -f UTF-8 -t GBK; } > csv_mixed_late_gbk.csv
# E: classic Mac line ends (CR only).
printf '%s\rM01,2024-03-05,自然人,网络,内容,,,否,0,2024-03-20,予以公开,0\rM02,2024-03-06,自然人,网络,"两行\r内容",,,否,0,2024-03-20,予以公开,0\r' "$H" > csv_cr_only.csv
