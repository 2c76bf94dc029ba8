// Package county2 holds the fictional 安宁县, a second county whose ledger
// files are written by programs other than gongkai's own generator:
// LibreOffice, openpyxl, Python's csv module and iconv (see README.md). Its
// test regenerates them with make.sh and compares with data/.
package county2
