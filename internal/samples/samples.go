// Package samples embeds the fictional county 平安县: its unit registry,
// ledgers for 2022–2024 (xlsx, UTF-8 and GB18030 CSV, with the quirks of
// real offices), a few deliberately bad files, and the assessment schemes.
// `gongkai demo` loads them; `go run ./internal/samples/gen` regenerates data/.
package samples

import "embed"

// FS holds data/ and the scheme-YYYY.yaml files.
//
//go:embed data scheme-*.yaml
var FS embed.FS
