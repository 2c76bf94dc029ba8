// Package gongkai holds the nouns every other package shares: the ledger
// kinds (kind.go, their one declaration), the units of the registry
// (unit.go), a batch and a year (batch.go, year.go), and the coded errors
// (this file) with the type of a front end's words for them (hints.go).
// It imports nothing of the project, so any package may import it; the
// technology (DuckDB, xlsx, HTTP) lives in the packages below it.
package gongkai

import (
	"errors"
	"fmt"
)

// Error is a refusal or failure with a code saying what happened and a
// message in Chinese stating the facts (file, sheet, unit, count). The
// message names no CLI flag and no web control: the CLI and the server each
// turn a code into their own sentence, in one place each
// (cmd/gongkai/words.go, server/words.go).
type Error struct {
	Code    string // one of the E* codes below
	Message string
	// Detail is the cause when there is one (an I/O error, a deadline):
	// for the log and for errors.Is, never shown to a clerk on its own.
	Detail error
}

func (e *Error) Error() string { return e.Message }

func (e *Error) Unwrap() error { return e.Detail }

// The codes. A value typed wrong comes first, then what ingest refuses a
// ledger file for, then what store and metrics refuse.
const (
	EINVALID     = "EINVALID"     // a value typed in a flag or a form is not valid (a year: ParseYear)
	EUNKNOWNKIND = "EUNKNOWNKIND" // the kind asked for is none of Kinds
	ENOKIND      = "ENOKIND"      // no sheet has the header of a ledger kind
	ENOHEADER    = "ENOHEADER"    // the header of the kind asked for (or of the registry) is not in the first rows
	ENOCOLUMN    = "ENOCOLUMN"    // a header lacks required columns of its kind
	ENOUNIT      = "ENOUNIT"      // the file names no unit of the registry, and none was given
	EUNKNOWNUNIT = "EUNKNOWNUNIT" // a unit named (given, or in the 单位 column) is not in the registry
	EOTHERUNIT   = "EOTHERUNIT"   // the title, a sheet or the file name names another unit than the one given
	ECOUNTYWIDE  = "ECOUNTYWIDE"  // a county-wide ledger (Kind.CountyWide) uploaded for one unit, by a unit's clerk
	ENOYEAR      = "ENOYEAR"      // the reporting year is stated nowhere, and none was given
	EROWSREFUSED = "EROWSREFUSED" // rows have errors, so nothing was loaded
	EEMPTY       = "EEMPTY"       // an empty file, or a workbook without sheets
	EFORMAT      = "EFORMAT"      // not a format gongkai reads (.ods, .xls, binary, a directory)
	EENCRYPTED   = "EENCRYPTED"   // a workbook protected by a password
	EENCODING    = "EENCODING"    // text in neither UTF-8 nor GB18030
	EDAMAGED     = "EDAMAGED"     // a damaged or truncated file: bad zip, XML or CSV quoting
	ETOOLARGE    = "ETOOLARGE"    // over the size or row limit: split the file
	EBOUNDS      = "EBOUNDS"      // a part beyond what any spreadsheet program writes (a bomb)
	EREAD        = "EREAD"        // the file could not be read from disk
	ETIMEOUT     = "ETIMEOUT"     // out of time: nothing was changed
	ECANCELLED   = "ECANCELLED"   // cancelled: nothing was changed
	EINUSE       = "EINUSE"       // another process holds the database file
	ENOTFOUND    = "ENOTFOUND"    // no such thing (a batch id)
	EPUBLISHED   = "EPUBLISHED"   // the year has a version of its results: publishing another needs a confirmation
	EDECLARE     = "EDECLARE"     // a 零报告 that does not fit: the ledger is uploaded, already declared, or nothing to withdraw
	EINTERNAL    = "EINTERNAL"    // anything else: a bug or a failing database
)

// Codes lists every code, in the order above.
var Codes = []string{
	EINVALID,
	EUNKNOWNKIND, ENOKIND, ENOHEADER, ENOCOLUMN, ENOUNIT, EUNKNOWNUNIT, EOTHERUNIT, ECOUNTYWIDE, ENOYEAR, EROWSREFUSED,
	EEMPTY, EFORMAT, EENCRYPTED, EENCODING, EDAMAGED, ETOOLARGE, EBOUNDS, EREAD, ETIMEOUT, ECANCELLED,
	EINUSE, ENOTFOUND, EPUBLISHED, EDECLARE, EINTERNAL,
}

// Errorf returns an *Error of code with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ReadError is the EREAD refusal of a file that could not be read from
// disk; the message keeps the system's reason (permission, I/O).
func ReadError(err error) *Error {
	return &Error{Code: EREAD, Message: fmt.Sprintf("无法读取文件：%v", err), Detail: err}
}

// ErrorCode returns the code of the first *Error in err's chain: "" for
// nil, EINTERNAL for an error without one.
func ErrorCode(err error) string {
	if e, ok := asError(err); ok {
		return e.Code
	} else if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain: ""
// for nil, and for an error without one a generic sentence, since its text
// (a driver's English) is for the log.
func ErrorMessage(err error) string {
	if e, ok := asError(err); ok {
		return e.Message
	} else if err == nil {
		return ""
	}
	return "内部错误"
}

// asError is the first *Error in err's chain.
func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
