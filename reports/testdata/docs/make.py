#!/usr/bin/python3
"""Builds the test documents of reports/doc_test.go from source.json (the
truth the tests compare every cell to), each the way a different writer
makes them:

  word_2023.docx   python-docx: merged cells by cell.merge (gridSpan/vMerge),
                   numbers split over runs, full-width digits, a thousands
                   separator, "/", "—", "无" and empty cells, sub-rows
                   numbered "1、" and one misprinted label
  cms_2023.html    a government CMS page in GBK: the article inside nested
                   layout tables, rowspan/colspan, <p><span> in cells,
                   &nbsp;, and （六）其他处理 as one row (the old layout)
  plain_2023.html  a plain UTF-8 page with the standard labels, the input
                   of the LibreOffice conversion
  lo_2023.docx     plain_2023.html converted by LibreOffice Writer

and the PDFs of reports/pdf_test.go, as published:

  lo_word_2023.pdf     word_2023.docx printed by LibreOffice Writer (subset
                       TrueType fonts; labels wrapped over up to ten lines in
                       python-docx's equal columns; rows broken across pages)
  chromium_plain.pdf   plain_2023.html printed by Chromium (Type 3 and CID
                       fonts; separate cell borders, two lines per border)
  chromium_cms.pdf     cms_2023.html printed by Chromium (collapsed borders,
                       the old one-row （六）)
  chromium_noborder.pdf  plain_2023.html without table borders (a CMS that
                       dropped them), printed by Chromium: the tables are
                       positioned text only
  rl_2023.pdf          python3-reportlab (below): TrueType subset fonts with
                       ToUnicode, labels wrapped in narrow columns, numbers
                       centred beside them, thousands separators, table 3
                       split over two pages with its three header rows
                       repeated, page numbers "- n -" in the footer and the
                       unit's name in a running header
  rotated_2023.pdf     python3-reportlab: table 三 alone on a portrait page
                       marked /Rotate 90, its content drawn turned a quarter
                       so that it shows upright (a landscape section)
  landscape_2023.pdf   the same with table 三 on a landscape page (MediaBox
                       842x595), as Word prints a landscape section
  wps_2023.pdf         written as WPS Office exports (WPSWriter, below): a
                       Type0 font, Identity-H, text only through /ToUnicode,
                       every glyph placed by its own text matrix, borders as
                       thin filled rectangles
  rl_cid_2023.pdf      rl_2023.pdf in reportlab's STSong-Light, a CID font the
                       PDF names but does not embed (UniGB-UCS2-H, no
                       /ToUnicode): the reader's own font is meant to show it
  gbk_2023.pdf         WPSWriter with SimSun not embedded, GBK-EUC-H codes and
                       no /ToUnicode, as older writers and some WPS exports
                       write; every character is an object of its own
  identity_2023.pdf    WPSWriter with a font not embedded, Identity-H codes,
                       no /ToUnicode and an ordering of its own: nothing says
                       what the codes mean (refused)
  scan_2023.pdf        python3-reportlab: the first page as an image only (a
                       scan without a text layer)
  review_b_2023.pdf    python3-reportlab, the tables of source.json under
                       another unit (某县教育局) whose text states 17
                       applications (table 三 has 66) and a 信息处理费, and
                       repeats a paragraph of the first unit: for the review

Run by make.sh with Debian's /usr/bin/python3 (python3-docx,
python3-reportlab).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = json.load(open(os.path.join(HERE, "source.json"), encoding="utf-8"))

T3_ROWS = [
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_in", "二、上年结转政府信息公开申请数量"),
    ("1", "（一）予以公开"),
    ("2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("3.1", "1.属于国家秘密"), ("3.2", "2.其他法律行政法规禁止公开"),
    ("3.3", "3.危及“三安全一稳定”"), ("3.4", "4.保护第三方合法权益"),
    ("3.5", "5.属于三类内部事务信息"), ("3.6", "6.属于四类过程性信息"),
    ("3.7", "7.属于行政执法案卷"), ("3.8", "8.属于行政查询事项"),
    ("4.1", "1.本机关不掌握相关政府信息"), ("4.2", "2.没有现成信息需要另行制作"),
    ("4.3", "3.补正后申请内容仍不明确"),
    ("5.1", "1.信访举报投诉类申请"), ("5.2", "2.重复申请"), ("5.3", "3.要求提供公开出版物"),
    ("5.4", "4.无正当理由大量反复申请"), ("5.5", "5.要求行政机关确认或重新出具已获取信息"),
    ("6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("6.3", "3.其他"),
    ("7", "（七）总计"),
    ("carried_out", "四、结转下年度继续办理"),
]
GROUPS = {"3": "（三）不予公开", "4": "（四）无法提供", "5": "（五）不予处理", "6": "（六）其他处理"}
T3_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T4_BLOCKS = ["行政复议", "未经复议直接起诉", "复议后起诉"]
T4_COLS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


class V:
    """A value cell: the source value and where it is (for the writers'
    variations)."""

    def __init__(self, v, ref):
        self.v, self.ref = v, ref


def c(x, rs=1, cs=1):
    return (x, rs, cs)


def table2():
    t = SRC["table2"]
    rows = [[c("第二十条第（一）项", cs=4)],
            [c("信息内容"), c("本年制发件数"), c("本年废止件数"), c("现行有效件数")]]
    for r in ["规章", "行政规范性文件"]:
        rows.append([c(r)] + [c(V(t[r][k], "表二/" + r + "/" + k)) for k in ["本年制发件数", "本年废止件数", "现行有效件数"]])
    for cap, col, rs in [("第二十条第（五）项", "本年处理决定数量", ["行政许可"]),
                         ("第二十条第（六）项", "本年处理决定数量", ["行政处罚", "行政强制"]),
                         ("第二十条第（八）项", "本年收费金额（单位：万元）", ["行政事业性收费"])]:
        rows.append([c(cap, cs=4)])
        rows.append([c("信息内容"), c(col, cs=3)])
        for r in rs:
            rows.append([c(r), c(V(t[r][col], "表二/" + r + "/" + col), cs=3)])
    return rows, 4


def table3(old6=False, label=lambda code, s: s):
    t = SRC["table3"]
    rows = [[c(NOTE, rs=3, cs=3), c("申请人情况", cs=7)],
            [c("自然人", rs=2), c("法人或其他组织", cs=5), c("总计", rs=2)],
            [c(x) for x in T3_COLS[1:6]]]

    def vals(code, lab):
        return [c(V(t[lab][k], "表三/" + lab + "/" + k)) for k in T3_COLS]

    def old6vals():
        out = []
        for k in T3_COLS:
            s = [t[l][k] for code, l in T3_ROWS if code.startswith("6.")]
            nums = [x for x in s if isinstance(x, (int, float))]
            out.append(c(V(sum(nums) if nums else None, "表三/（六）其他处理/" + k)))
        return out

    results = 20 if old6 else 22
    for code, lab in T3_ROWS:
        if old6 and code in ("6.1", "6.2"):
            continue
        if old6 and code == "6.3":
            rows.append([c("（六）其他处理", cs=2)] + old6vals())
            continue
        shown = label(code, lab)
        if "." not in code and code not in ("1", "2", "7"):
            rows.append([c(shown, cs=3)] + vals(code, lab))
            continue
        row = []
        if code == "1":
            row.append(c("三、本年度办理结果", rs=results))
        if "." in code:
            g, n = code.split(".")
            if n == "1":
                size = sum(1 for cd, _ in T3_ROWS if cd.startswith(g + "."))
                row.append(c(GROUPS[g], rs=size))
            row.append(c(shown))
        else:
            row.append(c(shown, cs=2))
        rows.append(row + vals(code, lab))
    return rows, 10


def table4():
    t = SRC["table4"]
    rows = [[c("行政复议", cs=5), c("行政诉讼", cs=10)],
            [c(x, rs=2) for x in T4_COLS] + [c("未经复议直接起诉", cs=5), c("复议后起诉", cs=5)],
            [c(x) for x in T4_COLS * 2],
            [c(V(t[b][k], "表四/" + b + "/" + k)) for b in T4_BLOCKS for k in T4_COLS]]
    return rows, 15


def fmt(v):
    if isinstance(v, float) and v != int(v):
        return repr(v)
    return str(int(v))


TITLE = SRC["unit"] + str(SRC["year"]) + "年政府信息公开工作年度报告"


def paragraphs(key):
    return SRC["sections"][key].split("\n")


# ---------------------------------------------------------------- python-docx

def word_docx(path):
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.add_heading(TITLE, level=1)
    d.add_paragraph("本报告根据《中华人民共和国政府信息公开条例》要求编制。")
    d.add_paragraph("一、总体情况")
    for p in paragraphs("总体情况"):
        d.add_paragraph(p)
    na_forms = iter(["/", "—", "无"] * 100)
    full = str.maketrans("0123456789.", "０１２３４５６７８９．")

    def label(code, lab):
        if code == "3.2":
            return "2、其他法律行政止公开"  # misprint seen in a real report
        if "." in code:
            n, rest = lab.split(".", 1)
            return n + "、" + rest
        return lab

    def put(cell, x, k):
        cell.text = ""
        para = cell.paragraphs[0]
        if isinstance(x, V):
            v = x.v
            if v is None:
                return
            if v == "/":
                para.add_run(next(na_forms))
                return
            s = fmt(v)
            if v >= 1000:
                s = "{:,}".format(v)  # 1,234 and 96,171.6
            elif k % 5 == 1:
                s = s.translate(full)
            # Word splits runs at edits: one run per character.
            for ch in s:
                para.add_run(ch).font.size = Pt(10)
        else:
            para.add_run(x)

    def table(rows, width, **kw):
        tb = d.add_table(rows=len(rows), cols=width)
        tb.style = "Table Grid"
        taken = set()
        k = 0
        for r, row in enumerate(rows):
            col = 0
            for (x, rs, cs) in row:
                while (r, col) in taken:
                    col += 1
                cell = tb.cell(r, col)
                if rs > 1 or cs > 1:
                    cell = cell.merge(tb.cell(r + rs - 1, col + cs - 1))
                    for rr in range(r, r + rs):
                        for cc in range(col, col + cs):
                            taken.add((rr, cc))
                put(cell, x, k)
                k += 1
                col += cs

    d.add_paragraph("二、主动公开政府信息情况")
    table(*table2())
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    table(*table3(label=label))
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    table(*table4())
    d.add_paragraph("五、存在的主要问题及改进情况")
    for p in paragraphs("存在的主要问题及改进情况"):
        d.add_paragraph(p)
    d.add_paragraph("六、其他需要报告的事项")
    for p in paragraphs("其他需要报告的事项"):
        d.add_paragraph(p)
    d.core_properties.author = "gongkai"
    d.save(path)


# ---------------------------------------------------------------- HTML

def html_table(rows, cms):
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">' if cms else "<table border=\"1\">"]
    k = 0
    for row in rows:
        out.append("<tr>")
        for (x, rs, cs) in row:
            attrs = ""
            if rs > 1:
                attrs += ' rowspan="%d"' % rs
            if cs > 1:
                attrs += ' colspan="%d"' % cs
            if isinstance(x, V):
                v = x.v
                if v is None:
                    text = "&nbsp;" if cms else ""
                elif v == "/":
                    text = "/"
                else:
                    s = fmt(v)
                    if cms and len(s) > 1 and k % 3 == 0:
                        # The CMS editor splits a number over two spans.
                        s = s[:1] + '</span><span style="font-family:仿宋">' + s[1:]
                    text = s
                k += 1
            else:
                text = x
            if cms:
                out.append('<td%s valign="middle"><p style="text-align:center"><span style="font-size:14px">&nbsp;%s&nbsp;</span></p></td>' % (attrs, text))
            else:
                out.append("<td%s>%s</td>" % (attrs, text))
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def article(cms):
    p = (lambda s: '<p style="text-indent:2em"><span>%s</span></p>' % s) if cms else (lambda s: "<p>%s</p>" % s)
    parts = [p("本报告根据《中华人民共和国政府信息公开条例》要求编制。"), p("一、总体情况")]
    parts += [p(x) for x in paragraphs("总体情况")]
    t3 = table3(old6=cms)[0]
    for head, rows in [("二、主动公开政府信息情况", table2()[0]),
                       ("三、收到和处理政府信息公开申请情况", t3),
                       ("四、政府信息公开行政复议、行政诉讼情况", table4()[0])]:
        parts.append(p(head))
        tbl = html_table(rows, cms)
        if cms:
            # The CMS wraps each table in a centring layout table.
            tbl = '<table width="100%"><tr><td align="center">' + tbl + "</td></tr></table>"
        parts.append(tbl)
    parts.append(p("五、存在的主要问题及改进情况"))
    parts += [p(x) for x in paragraphs("存在的主要问题及改进情况")]
    parts.append(p("六、其他需要报告的事项"))
    parts += [p(x) for x in paragraphs("其他需要报告的事项")]
    return "\n".join(parts)


def cms_html(path):
    page = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>%(title)s_某县人民政府</title>
<script>var _hmt = _hmt || [];</script>
<style>td{font-size:12px}</style></head>
<body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td><a href="/">首页</a>&nbsp;&gt;&nbsp;<a href="/zwgk/">政务公开</a>&nbsp;&gt;&nbsp;年度报告</td></tr>
<tr><td>
 <table width="100%%" border="0" cellspacing="0" cellpadding="0">
 <tr><td align="center"><h1 style="font-size:22px">%(title)s</h1></td></tr>
 <tr><td align="center">发布时间：2024-01-25&nbsp;&nbsp;&nbsp;来源：某县自然资源和规划局&nbsp;&nbsp;【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</td></tr>
 <tr><td><div class="TRS_Editor">
%(article)s
 </div></td></tr>
 </table>
</td></tr>
<tr><td align="center">【<a href="javascript:window.print()">打印本页</a>】&nbsp;【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
<tr><td align="center">主办：某县人民政府办公室&nbsp;&nbsp;网站标识码：0000000000</td></tr>
</table>
</body></html>
""" % {"title": TITLE, "article": article(True)}
    open(path, "wb").write(page.encode("gbk"))


def plain_html(path, border=True):
    page = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%s</title></head>
<body>
<h1>%s</h1>
%s
</body></html>
""" % (TITLE, TITLE, article(False))
    if not border:
        page = page.replace('<table border="1">', '<table border="0" cellpadding="3">')
    open(path, "w", encoding="utf-8").write(page)


# ---------------------------------------------------------------- reportlab

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


# The font the reportlab writers use: "WQY" is WenQuanYi embedded as a
# TrueType subset; rl_cid_pdf switches to reportlab's STSong-Light, a CID
# font that is not embedded (UniGB-UCS2-H, no /ToUnicode).
RL_FONT = "WQY"


def rl_font():
    from reportlab.pdfbase import pdfmetrics
    if RL_FONT == "WQY":
        from reportlab.pdfbase.ttfonts import TTFont
        pdfmetrics.registerFont(TTFont("WQY", FONT, subfontIndex=0))
    else:
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        pdfmetrics.registerFont(UnicodeCIDFont(RL_FONT))


def rl_table(rows, width, widths, font_size=9, repeat=0):
    """A reportlab Table from the rows of table2/3/4: spans as SPAN,
    labels as Paragraphs so they wrap inside their column."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    label = ParagraphStyle("label", fontName=RL_FONT, fontSize=font_size, leading=font_size * 1.3,
                           wordWrap="CJK")
    head = ParagraphStyle("head", parent=label, alignment=1)
    grid = [["" for _ in range(width)] for _ in rows]
    spans = []
    taken = set()
    dashes = iter(["/", "—"] * 100)
    for r, row in enumerate(rows):
        col = 0
        for (x, rs, cs) in row:
            while (r, col) in taken:
                col += 1
            for rr in range(r, r + rs):
                for cc in range(col, col + cs):
                    taken.add((rr, cc))
            if rs > 1 or cs > 1:
                spans.append(("SPAN", (col, r), (col + cs - 1, r + rs - 1)))
            if isinstance(x, V):
                v = x.v
                if v is None:
                    text = ""
                elif v == "/":
                    text = next(dashes)
                elif v >= 1000:
                    text = "{:,}".format(v)
                else:
                    text = fmt(v)
                grid[r][col] = text
            else:
                grid[r][col] = Paragraph(x, label if col == 0 or r >= repeat else head)
            col += cs
    t = Table(grid, colWidths=widths, repeatRows=repeat)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), RL_FONT, font_size),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
    ] + spans))
    return t


def rl_pdf(path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, PageBreak

    rl_font()
    body = ParagraphStyle("body", fontName=RL_FONT, fontSize=12, leading=20, firstLineIndent=24,
                          wordWrap="CJK")
    heading = ParagraphStyle("h", parent=body, firstLineIndent=0, spaceBefore=6)
    title = ParagraphStyle("t", parent=body, fontSize=18, leading=26, alignment=1, firstLineIndent=0,
                           spaceAfter=12)

    def footer(canvas, doc):
        canvas.setFont(RL_FONT, 10)
        canvas.drawCentredString(A4[0] / 2, 30, "- %d -" % doc.page)
        # A running header, as Word and WPS print them.
        canvas.drawString(50, A4[1] - 35, SRC["unit"] + "政务公开")

    story = [Paragraph(TITLE, title),
             Paragraph("本报告根据《中华人民共和国政府信息公开条例》要求编制。", body),
             Paragraph("一、总体情况", heading)]
    story += [Paragraph(x, body) for x in paragraphs("总体情况")]
    story.append(Paragraph("二、主动公开政府信息情况", heading))
    story.append(rl_table(table2()[0], 4, [150, 115, 115, 115]))
    story.append(Paragraph("三、收到和处理政府信息公开申请情况", heading))
    # Narrow label columns wrap the long labels over two or three lines.
    story.append(rl_table(table3()[0], 10, [24, 52, 150] + [38] * 6 + [40], repeat=3))
    story.append(Paragraph("四、政府信息公开行政复议、行政诉讼情况", heading))
    story.append(rl_table(table4()[0], 15, [33] * 15))
    story.append(Paragraph("五、存在的主要问题及改进情况", heading))
    story += [Paragraph(x, body) for x in paragraphs("存在的主要问题及改进情况")]
    story.append(Paragraph("六、其他需要报告的事项", heading))
    story += [Paragraph(x, body) for x in paragraphs("其他需要报告的事项")]
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=50, rightMargin=50, topMargin=60, bottomMargin=60,
                            title=TITLE, author="gongkai")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


def wide_pdf(path, rotate):
    """Table 三 on a page of its own turned sideways, as Word and WPS print
    a landscape section: with rotate, a portrait page (MediaBox 595x842)
    marked /Rotate 90 whose content is drawn turned a quarter, so that it
    shows upright; without, a landscape page (MediaBox 842x595)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate,
                                    Paragraph)

    rl_font()
    body = ParagraphStyle("body", fontName=RL_FONT, fontSize=12, leading=20, firstLineIndent=24,
                          wordWrap="CJK")
    heading = ParagraphStyle("h", parent=body, firstLineIndent=0, spaceBefore=6)
    title = ParagraphStyle("t", parent=body, fontSize=18, leading=26, alignment=1, firstLineIndent=0,
                           spaceAfter=12)
    pw, ph = A4
    lw, lh = landscape(A4)

    def upright(canvas, doc):
        pass

    def turned(canvas, doc):
        # The page shows turned a quarter clockwise (the template's
        # rotation); the content is drawn turned back, in the coordinates
        # of the landscape page it shows.
        canvas.transform(0, 1, -1, 0, pw, 0)

    portrait = PageTemplate(id="portrait", pagesize=A4, onPage=upright,
                            frames=[Frame(50, 60, pw - 100, ph - 120)])
    if rotate:
        wide = PageTemplate(id="wide", pagesize=A4, onPage=turned, frames=[Frame(30, 40, lw - 60, lh - 80)])
        wide.rotation = 90
    else:
        wide = PageTemplate(id="wide", pagesize=landscape(A4), onPage=upright,
                            frames=[Frame(30, 40, lw - 60, lh - 80)])
    doc = BaseDocTemplate(path, pagesize=A4, pageTemplates=[portrait, wide], title=TITLE, author="gongkai")
    story = [Paragraph(TITLE, title), Paragraph("一、总体情况", heading)]
    story += [Paragraph(x, body) for x in paragraphs("总体情况")]
    story.append(Paragraph("二、主动公开政府信息情况", heading))
    story.append(rl_table(table2()[0], 4, [150, 115, 115, 115]))
    story += [NextPageTemplate("wide"), PageBreak()]
    story.append(Paragraph("三、收到和处理政府信息公开申请情况", heading))
    story.append(rl_table(table3()[0], 10, [40, 90, 330] + [45] * 6 + [50], repeat=3))
    story += [NextPageTemplate("portrait"), PageBreak()]
    story.append(Paragraph("四、政府信息公开行政复议、行政诉讼情况", heading))
    story.append(rl_table(table4()[0], 15, [33] * 15))
    story.append(Paragraph("五、存在的主要问题及改进情况", heading))
    story += [Paragraph(x, body) for x in paragraphs("存在的主要问题及改进情况")]
    story.append(Paragraph("六、其他需要报告的事项", heading))
    story += [Paragraph(x, body) for x in paragraphs("其他需要报告的事项")]
    doc.build(story)


# ---------------------------------------------------------------- WPS-like

class WPSWriter:
    """Writes a PDF as WPS Office exports one: the text in a Type0 font
    with Identity-H encoding (its codes are glyph ids, which mean nothing
    without the /ToUnicode map), each glyph placed by its own text matrix
    (1 0 0 1 x y Tm <gid> Tj) rather than as a string, and cell borders as
    thin filled rectangles; the font embedded as a TrueType subset.""" 

    W, H = 595.28, 841.89

    def __init__(self, font="embedded"):
        """font: "embedded" (as above); "gbk", SimSun not embedded with
        GBK-EUC-H and no /ToUnicode (older writers); "identity", a font
        not embedded with Identity-H codes and no /ToUnicode, which no
        reader can decode."""
        self.font = font
        self.pages = []  # content streams
        self.cur = []
        self.gid = {}  # character -> glyph id (2-byte code)

    def code(self, ch):
        if ch not in self.gid:
            self.gid[ch] = len(self.gid) + 1
        return self.gid[ch]

    def show(self, ch):
        """The string operand showing one character."""
        if self.font == "gbk":
            return "<%s>" % ch.encode("gbk").hex().upper()
        return "<%04X>" % self.code(ch)

    @staticmethod
    def width(ch):
        return 500 if ord(ch) < 0x2E80 else 1000

    def text_width(self, s, size):
        return sum(self.width(ch) for ch in s) * size / 1000

    def text(self, x, y, s, size):
        """Glyph by glyph from (x, y), baseline y in PDF space (y up)."""
        out = ["BT", "/F1 %.2f Tf" % size]
        for ch in s:
            out.append("1 0 0 1 %.2f %.2f Tm %s Tj" % (x, y, self.show(ch)))
            x += self.width(ch) * size / 1000
        out.append("ET")
        self.cur.append("\n".join(out))

    def rule(self, x0, y0, x1, y1):
        """A border as WPS draws it: a filled rectangle 0.5 pt thick."""
        if y0 == y1:
            self.cur.append("%.2f %.2f %.2f 0.5 re f" % (x0, y0 - 0.25, x1 - x0))
        else:
            self.cur.append("%.2f %.2f 0.5 %.2f re f" % (x0 - 0.25, y0, y1 - y0))

    def new_page(self):
        if self.cur:
            self.pages.append("\n".join(self.cur))
        self.cur = []

    def wrap(self, s, width, size):
        lines, line = [], ""
        for ch in s:
            if line and self.text_width(line + ch, size) > width:
                lines.append(line)
                line = ""
            line += ch
        return lines + [line] if line else lines or [""]

    def paragraph(self, y, s, size=12, indent=24, left=60, right=60):
        lead = size * 1.6
        lines = self.wrap(s, self.W - left - right - indent, size)
        for i, ln in enumerate(lines):
            self.text(left + (indent if i == 0 else 0), y - size, ln, size)
            y -= lead
        return y

    def table(self, y, rows, ncols, widths, size=9):
        """Lays out rows of (x, rowspan, colspan) cells on a grid of widths
        from y down; returns the y below it."""
        left = (self.W - sum(widths)) / 2
        xs = [left]
        for w in widths:
            xs.append(xs[-1] + w)
        place, taken = [], set()
        for r, row in enumerate(rows):
            col = 0
            for (x, rs, cs) in row:
                while (r, col) in taken:
                    col += 1
                for rr in range(r, r + rs):
                    for cc in range(col, col + cs):
                        taken.add((rr, cc))
                if isinstance(x, V):
                    v = x.v
                    text = "" if v is None else ("/" if v == "/" else fmt(v))
                else:
                    text = x
                place.append((r, col, rs, cs, text))
                col += cs
        lead = size * 1.35
        heights = [size * 2.2] * len(rows)
        for (r, col, rs, cs, text) in place:
            if rs == 1:
                n = len(self.wrap(text, xs[col + cs] - xs[col] - 4, size))
                heights[r] = max(heights[r], n * lead + 6)
        ys = [y]
        for h in heights:
            ys.append(ys[-1] - h)
        if ys[-1] < 40:
            raise SystemExit("table does not fit the page")
        for (r, col, rs, cs, text) in place:
            x0, x1, top, bottom = xs[col], xs[col + cs], ys[r], ys[r + rs]
            self.rule(x0, top, x1, top)
            self.rule(x0, bottom, x1, bottom)
            self.rule(x0, bottom, x0, top)
            self.rule(x1, bottom, x1, top)
            lines = self.wrap(text, x1 - x0 - 4, size)
            block = len(lines) * lead
            ty = (top + bottom) / 2 + block / 2 - size
            for ln in lines:
                self.text((x0 + x1) / 2 - self.text_width(ln, size) / 2, ty, ln, size)
                ty -= lead
        return ys[-1] - 10

    def save(self, path):
        self.new_page()
        objs = []

        def add(body):
            objs.append(body)
            return len(objs)

        if self.font != "embedded":
            return self.save_plain(path)
        cmap = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
                "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
        items = sorted(self.gid.items(), key=lambda kv: kv[1])
        for i in range(0, len(items), 100):
            chunk = items[i:i + 100]
            cmap.append("%d beginbfchar" % len(chunk))
            cmap += ["<%04X> <%s>" % (g, ch.encode("utf-16-be").hex().upper()) for ch, g in chunk]
            cmap.append("endbfchar")
        cmap += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        tu = "\n".join(cmap).encode()
        tounicode = add(b"<< /Length %d >>\nstream\n" % len(tu) + tu + b"\nendstream")
        # The font subset WPS embeds; reportlab's subsetter numbers the
        # glyphs in the order of the characters given (0 is .notdef), and
        # /CIDToGIDMap maps our codes to those glyphs.
        from reportlab.pdfbase.ttfonts import TTFontFile
        ttf = TTFontFile(FONT, subfontIndex=0)
        subset = [ord(ch) for ch, g in items]
        prog = ttf.makeSubset(subset)
        new = {0: 0}
        gidmap = bytearray(2 * (len(items) + 1))
        for ch, g in items:
            old = ttf.charToGlyph.get(ord(ch), 0)
            if old not in new:
                new[old] = len(new)
            gidmap[2 * g:2 * g + 2] = new[old].to_bytes(2, "big")
        ff = add(b"<< /Length %d /Length1 %d >>\nstream\n" % (len(prog), len(prog)) + prog + b"\nendstream")
        c2g = add(b"<< /Length %d >>\nstream\n" % len(gidmap) + bytes(gidmap) + b"\nendstream")
        desc = add(("<< /Type /FontDescriptor /FontName /AAAAAB+SimSun /Flags 6 /FontBBox [-8 -145 1000 859] "
                    "/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 /FontFile2 %d 0 R >>" % ff).encode())
        w = " ".join("%d [%d]" % (g, self.width(ch)) for ch, g in items)
        cid = add(("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /AAAAAB+SimSun "
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                   "/FontDescriptor %d 0 R /DW 1000 /W [%s] /CIDToGIDMap %d 0 R >>" % (desc, w, c2g)).encode())
        font = add(("<< /Type /Font /Subtype /Type0 /BaseFont /AAAAAB+SimSun /Encoding /Identity-H "
                    "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid, tounicode)).encode())
        self.write(path, objs, add, font)

    def save_plain(self, path):
        """The font named, not embedded: SimSun (Adobe-GB1) under
        GBK-EUC-H, or under Identity-H with an ordering of its own."""
        objs = []

        def add(body):
            objs.append(body)
            return len(objs)
        if self.font == "gbk":
            enc, ordering = "GBK-EUC-H", "GB1"
            w = "1 95 500"  # ASCII, half width; the rest DW 1000
        else:
            enc, ordering = "Identity-H", "Identity"
            w = " ".join("%d [%d]" % (g, self.width(ch)) for ch, g in sorted(self.gid.items(), key=lambda kv: kv[1]))
        desc = add(b"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [-8 -145 1000 859] "
                   b"/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>")
        cid = add(("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (%s) /Supplement 2 >> "
                   "/FontDescriptor %d 0 R /DW 1000 /W [%s] >>" % (ordering, desc, w)).encode())
        font = add(("<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /%s "
                    "/DescendantFonts [%d 0 R] >>" % (enc, cid)).encode())
        self.write(path, objs, add, font)

    def write(self, path, objs, add, font):
        pages_id = len(objs) + 2 * len(self.pages) + 1
        kids = []
        for content in self.pages:
            data = content.encode()
            cs = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
            kids.append(add(("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                             "/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, self.W, self.H, cs, font)).encode()))
        assert add(("<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join("%d 0 R" % k for k in kids), len(kids))).encode()) == pages_id
        info = add(("<< /Producer (WPS Writer) /Title <FEFF%s> >>" % TITLE.encode("utf-16-be").hex().upper()).encode())
        root = add(("<< /Type /Catalog /Pages %d 0 R >>" % pages_id).encode())
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offs = []
        for i, body in enumerate(objs):
            offs.append(len(out))
            out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offs)
        out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, info, xref)
        with open(path, "wb") as f:
            f.write(out)


def wps_pdf(path, font="embedded"):
    """The report as WPS exports it (WPSWriter): title and 一、二 on page 1,
    table 三 on page 2, table 四 and 五、六 on page 3."""
    w = WPSWriter(font)
    top = w.H - 60
    w.text(w.W / 2 - w.text_width(TITLE, 16) / 2, top - 16, TITLE, 16)
    y = top - 40
    for head, key in [("一、总体情况", "总体情况")]:
        y = w.paragraph(y, head, indent=0)
        for x in paragraphs(key):
            y = w.paragraph(y, x)
    y = w.paragraph(y, "二、主动公开政府信息情况", indent=0)
    w.table(y, table2()[0], 4, [150, 115, 115, 115])
    w.new_page()
    y = w.paragraph(top, "三、收到和处理政府信息公开申请情况", indent=0)
    w.table(y, table3()[0], 10, [26, 56, 196] + [36] * 6 + [40], size=8.5)
    w.new_page()
    y = w.paragraph(top, "四、政府信息公开行政复议、行政诉讼情况", indent=0)
    y = w.table(y, table4()[0], 15, [33] * 15)
    for head, key in [("五、存在的主要问题及改进情况", "存在的主要问题及改进情况"), ("六、其他需要报告的事项", "其他需要报告的事项")]:
        y = w.paragraph(y, head, indent=0)
        for x in paragraphs(key):
            y = w.paragraph(y, x)
    w.save(path)


def scan_pdf(path):
    """A page holding only an image, as a scanner makes it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    import io
    import zlib
    import struct

    w, h = 120, 170
    raw = b"".join(b"\x00" + bytes((255 if (x // 6 + y // 4) % 5 else 40) for x in range(w)) for y in range(h))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    c = canvas.Canvas(path, pagesize=A4)
    c.drawImage(ImageReader(io.BytesIO(png)), 40, 40, A4[0] - 80, A4[1] - 80)
    c.showPage()
    c.save()


def rl_cid_pdf(path):
    """rl_2023.pdf in STSong-Light, not embedded (the reader's own font)."""
    global RL_FONT
    RL_FONT = "STSong-Light"
    rl_pdf(path)


def review_b_pdf(path):
    global TITLE
    SRC["unit"] = "某县教育局"
    SRC["sections"]["总体情况"] = ("2023年，我局认真落实政务公开各项要求。\n"
                               "全年共受理政府信息公开申请17件，均在法定期限内答复。")
    SRC["sections"]["其他需要报告的事项"] = "本年度收取信息处理费200元。"
    TITLE = SRC["unit"] + str(SRC["year"]) + "年政府信息公开工作年度报告"
    rl_pdf(path)


if __name__ == "__main__":
    which = sys.argv[1]
    out = sys.argv[2]
    {"word": word_docx, "cms": cms_html, "plain": plain_html, "reportlab": rl_pdf, "rl_cid": rl_cid_pdf, "scan": scan_pdf,
     "review_b": review_b_pdf, "rotated": lambda p: wide_pdf(p, True), "landscape": lambda p: wide_pdf(p, False),
     "wps": wps_pdf, "gbk": lambda p: wps_pdf(p, "gbk"), "identity": lambda p: wps_pdf(p, "identity"), "noborder": lambda p: plain_html(p, border=False)}[which](out)
