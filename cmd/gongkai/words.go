package main

// How the terminal words a refused ledger file. ingest's reason states the
// facts and names no flag; for the codes a flag settles, the CLI adds the
// flag here, the one place it does. The server words the same codes for the
// web in server/words.go.

import (
	"gongkai"
	"gongkai/ingest"
)

// cliHints is what the CLI adds to ingest's reason for the codes a flag settles;
// for every other code the reason is the sentence.
var cliHints = gongkai.Hints{
	gongkai.ENOKIND:      "，或用 --kind 指定台账类型",
	gongkai.ENOUNIT:      "，或用 --unit 指定",
	gongkai.ENOYEAR:      "，请用 --year 指定",
	gongkai.EROWSREFUSED: "，或使用 --partial 只导入正确的行",
}

// cliWorded gives each refused result the CLI's sentence, for the text and
// the JSON output alike.
func cliWorded(rs []ingest.Result) []ingest.Result {
	for i := range rs {
		rs[i].Reason = cliHints.Sentence(rs[i].Code, rs[i].Reason)
	}
	return rs
}
