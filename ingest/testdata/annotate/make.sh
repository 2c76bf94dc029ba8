#!/bin/sh
# Remakes the commented ledgers of TestAnnotateKeepsCommentsOfOtherWriters:
# gen.py (Debian's /usr/bin/python3 with python3-openpyxl) writes
# openpyxl-comments.xlsx and lo-comments.fods; LibreOffice converts the
# latter to lo-comments.xlsx. Run from this directory; commit what changes.
set -eu
/usr/bin/python3 gen.py
prof=$(mktemp -d)
soffice -env:UserInstallation=file://$prof --headless --norestore --convert-to xlsx lo-comments.fods >/dev/null
rm -rf "$prof"
