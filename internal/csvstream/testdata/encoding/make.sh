#!/bin/sh
# Makes the CSV files of TestTextIntegrity with printf, GNU sed and iconv
# (not with gongkai's own writers): cells whose bytes are not text in the
# file's encoding. Run from this directory; commit what changes.
set -eu
head='申请编号,收到日期,申请人类型,申请方式,申请内容,补正告知日期,补正完成日期,是否延期,征求意见天数,答复日期,办理结果,信息处理费'
title='平安县财政局2024年依申请公开办理台账,,,,,,,,,,,'

# UTF-8: 900 good rows (past the 64 KB the encoding is sniffed from), then a
# row whose 申请内容 holds the byte 0xFF, then two good rows.
{
  printf '%s\n%s\n' "$title" "$head"
  i=1
  while [ $i -le 900 ]; do
    printf 'U-%04d,2024-03-05,自然人,网络,关于乡村振兴补助资金的发放情况,,,否,,2024-03-20,予以公开,\n' $i
    i=$((i + 1))
  done
  printf 'U-0901,2024-03-06,自然人,网络,关于@@资金,,,否,,2024-03-20,予以公开,\n'
  printf 'U-0902,2024-03-07,自然人,网络,统计数据,,,否,,2024-03-21,予以公开,\n'
  printf 'U-0903,2024-03-08,自然人,网络,统计数据,,,否,,2024-03-22,予以公开,\n'
} | sed 's/@@/\xff/' > bad-utf8.csv

# GB18030 as iconv writes it, with CRLF; the second row's 申请内容 holds
# 0x81 0x7F, a lead byte with a trail byte GB18030 does not have.
{
  printf '%s\r\n%s\r\n' "$title" "$head"
  printf 'G-001,2024/3/5,自然人,网络,关于乡村振兴补助资金的发放情况,,,否,,2024/3/20,予以公开,\r\n'
  printf 'G-002,2024/4/5,商业企业,信函,政府采购合同@@（鄣吴镇）,,,否,,2024/4/20,予以公开,\r\n'
  printf 'G-003,2024/5/5,科研机构,网络,统计数据,,,否,,2024/5/20,予以公开,\r\n'
} | iconv -f UTF-8 -t GB18030 | sed 's/@@/\x81\x7f/' > bad-gb18030.csv

# UTF-8 whose cell already holds U+FFFD, left by an earlier bad conversion.
{
  printf '%s\n%s\n' "$title" "$head"
  printf 'R-001,2024-03-05,自然人,网络,统计数据,,,否,,2024-03-20,予以公开,\n'
  printf 'R-002,2024-03-06,自然人,网络,关于\357\277\275资金,,,否,,2024-03-21,予以公开,\n'
} > replacement-char.csv

# A unit registry whose second unit's 简称 holds U+FFFD (a lone bad byte in a
# file this small would make the whole file sniff as GB18030).
{
  printf '单位名称,简称/别名,统一社会信用代码,单位类型,考核分组,上级单位\n'
  printf '平安县人民政府,县政府,,县级政府,,\n'
  printf '平安县财政局,县财政@@,,县直部门,,平安县人民政府\n'
} | sed 's/@@/\xef\xbf\xbd/' > units-bad-text.csv
