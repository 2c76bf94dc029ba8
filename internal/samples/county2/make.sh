#!/bin/sh
# make.sh [OUT]: regenerates 安宁县 (county 2) into OUT (default: data/ beside
# this script). gen.py (Debian's /usr/bin/python3 with python3-openpyxl)
# writes the openpyxl workbooks, the CSV files and truth.json into OUT and the
# sources of the other files into a scratch directory; LibreOffice (soffice)
# converts .fods → .xlsx/.xls/.ods and .csv → .xlsx, iconv writes GB18030.
# Needs: apt-get install libreoffice-calc-nogui python3-openpyxl (iconv is libc-bin).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/data}

missing=""
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import openpyxl' 2>/dev/null || missing="$missing python3-openpyxl"
# soffice comes with any LibreOffice component; spreadsheets need Calc (libsclo).
if command -v soffice >/dev/null 2>&1; then
	prog=$(dirname "$(readlink -f "$(command -v soffice)")")
	[ -e "$prog/libsclo.so" ] || missing="$missing libreoffice-calc-nogui"
else
	missing="$missing libreoffice-calc-nogui"
fi
command -v iconv >/dev/null 2>&1 || missing="$missing iconv"
if [ -n "$missing" ]; then
	echo "make.sh: missing:$missing (apt-get install -y libreoffice-calc-nogui python3-openpyxl)" >&2
	exit 2
fi

# OUT is replaced whole: refuse a directory that is not ours.
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -f "$out/truth.json" ]; then
	echo "make.sh: $out is not empty and holds no truth.json: not replacing it" >&2
	exit 2
fi
rm -rf "$out"
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

/usr/bin/python3 "$here/gen.py" "$out" "$scratch"

# A private LibreOffice profile: no clash with a running LibreOffice or a
# parallel run, and the same settings every time.
lo() {
	soffice "-env:UserInstallation=file://$scratch/profile" --headless --norestore "$@" >"$scratch/soffice.log" 2>&1 || {
		cat "$scratch/soffice.log" >&2
		exit 1
	}
}
# convert DIR TARGET EXT [INFILTER]: every scratch/DIR/*.EXT in one soffice run,
# then each output to OUT, or to OUT/bad or OUT/formats for "bad__…", "formats__…".
convert() {
	dir=$1 target=$2 ext=$3 filter=${4:-}
	set -- "$scratch/$dir"/*."$ext"
	[ -e "$1" ] || return 0
	mkdir -p "$scratch/out-$dir"
	lo ${filter:+"--infilter=$filter"} --convert-to "$target" --outdir "$scratch/out-$dir" "$@"
	for f in "$@"; do
		b=$(basename "$f" ".$ext")
		[ -s "$scratch/out-$dir/$b.$target" ] || { echo "make.sh: soffice did not convert $b.$ext" >&2; cat "$scratch/soffice.log" >&2; exit 1; }
		case $b in
		*__*) mv "$scratch/out-$dir/$b.$target" "$out/${b%%__*}/${b#*__}.$target" ;;
		*) mv "$scratch/out-$dir/$b.$target" "$out/$b.$target" ;;
		esac
	done
}
convert xlsx xlsx fods
convert xls xls fods
convert ods ods fods
# CSV import: comma, double quote, UTF-8, from line 1, language zh-CN, quoted
# fields not forced to text, special numbers (dates) detected: what a clerk
# gets opening the CSV in LibreOffice Calc and saving it as .xlsx.
convert xlsx-csv xlsx csv "CSV:44,34,76,1,,2052,false,true"

# WPS .et: the same BIFF8 bytes as the .xls (WPS opens either).
for f in "$out"/formats/*.xls; do
	[ -e "$f" ] && cp "$f" "${f%.xls}.et"
done

for f in "$scratch"/gb18030/*.csv; do
	[ -e "$f" ] || continue
	iconv -f UTF-8 -t GB18030 "$f" >"$out/$(basename "$f")"
done
