#!/usr/bin/env bash
# Regenerates the committed test documents from source.json. The tests only
# read the committed files, so CI needs none of these tools; run this after
# changing source.json or make.py, and commit the results.
#   apt-get install -y python3-docx libreoffice-writer-nogui
set -euo pipefail
cd "$(dirname "$0")"
py=/usr/bin/python3 # Debian's, which has python3-docx; not a pyenv python3
$py make.py word word_2023.docx
$py make.py cms cms_2023.html
$py make.py plain plain_2023.html
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A private profile, so a desktop LibreOffice instance is not reused.
soffice -env:UserInstallation=file://"$tmp"/profile --headless \
  --infilter="HTML (StarWriter)" --convert-to 'docx:MS Word 2007 XML' \
  --outdir "$tmp" plain_2023.html >/dev/null
mv "$tmp"/plain_2023.docx lo_2023.docx
ls -l word_2023.docx cms_2023.html plain_2023.html lo_2023.docx
