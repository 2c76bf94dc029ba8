package server

// How the web words a refused ledger file. ingest's reason states the facts
// and names no flag; for the codes a control of the upload page settles,
// the web names the control here, the one place it does. A web page (and
// the JSON of /api/) never names a CLI flag or an API parameter. The CLI
// words the same codes in cmd/gongkai/words.go.

import "gongkai"

// webHints is what the web adds to ingest's reason for the codes a control of
// the upload page settles; for every other code the reason is the sentence.
var webHints = gongkai.Hints{
	gongkai.ENOKIND:      "，或在上传页选择台账类型",
	gongkai.ENOUNIT:      "，或在上传页选择单位",
	gongkai.ENOYEAR:      "，请在上传页选择年度",
	gongkai.EROWSREFUSED: "，或勾选“有错误行时仍导入正确的行”只导入正确的行",
}
