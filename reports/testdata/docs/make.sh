#!/usr/bin/env bash
# Regenerates the committed test documents from source.json. The tests only
# read the committed files, so CI needs none of these tools; run this after
# changing source.json or make.py, and commit the results.
#   apt-get install -y python3-docx python3-reportlab libreoffice-writer-nogui chromium fonts-wqy-microhei
set -euo pipefail
cd "$(dirname "$0")"
py=/usr/bin/python3 # Debian's, which has python3-docx; not a pyenv python3
$py make.py word word_2023.docx
$py make.py cms cms_2023.html
$py make.py plain plain_2023.html
$py make.py reportlab rl_2023.pdf
$py make.py scan scan_2023.pdf
$py make.py review_b review_b_2023.pdf
$py make.py rotated rotated_2023.pdf
$py make.py landscape landscape_2023.pdf
$py make.py wps wps_2023.pdf
$py make.py rl_cid rl_cid_2023.pdf
$py make.py gbk gbk_2023.pdf
$py make.py identity identity_2023.pdf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A private profile, so a desktop LibreOffice instance is not reused.
soffice -env:UserInstallation=file://"$tmp"/profile --headless \
  --infilter="HTML (StarWriter)" --convert-to 'docx:MS Word 2007 XML' \
  --outdir "$tmp" plain_2023.html >/dev/null
mv "$tmp"/plain_2023.docx lo_2023.docx
soffice -env:UserInstallation=file://"$tmp"/profile --headless \
  --convert-to pdf --outdir "$tmp" word_2023.docx >/dev/null
mv "$tmp"/word_2023.pdf lo_word_2023.pdf
# Chromium as the machine's probe starts it: no network, a fresh profile,
# no header or footer (a page's title and address would be printed there).
$py make.py noborder "$tmp/noborder_2023.html"
cp "$tmp/noborder_2023.html" noborder_2023.html
for page in plain cms noborder; do
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/chromium" --no-pdf-header-footer \
    --print-to-pdf="chromium_$page.pdf" "file://$PWD/${page}_2023.html" 2>/dev/null
done
rm noborder_2023.html
ls -l word_2023.docx cms_2023.html plain_2023.html lo_2023.docx ./*.pdf
