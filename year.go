package gongkai

import (
	"strconv"
	"strings"
)

// Year is the year a ledger, a scheme, a score or a report is for. The
// years of the office's work are MinYear to MaxYear; a number outside is a
// typo (202, 20244), refused where a year is typed: a flag, a form.
type Year int

// The range of a Year.
const (
	MinYear Year = 2000
	MaxYear Year = 2100
)

// ParseYear reads a year typed in a flag or a form, spaces around it
// allowed. Its error, an EINVALID *Error, says in Chinese what is wrong
// with the text (应为数字, 应在 2000 到 2100 之间), for the caller to put
// after its own words for the field.
func ParseYear(s string) (Year, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, &Error{Code: EINVALID, Message: "应为数字", Detail: err}
	}
	if y := Year(n); y.Valid() {
		return y, nil
	}
	return 0, Errorf(EINVALID, "应在 %d 到 %d 之间", MinYear, MaxYear)
}

// Valid says whether y is in MinYear–MaxYear.
func (y Year) Valid() bool { return y >= MinYear && y <= MaxYear }

func (y Year) String() string { return strconv.Itoa(int(y)) }

// Set makes *Year a flag.Value: the flag's year, checked by ParseYear.
func (y *Year) Set(s string) error {
	v, err := ParseYear(s)
	if err != nil {
		return err
	}
	*y = v
	return nil
}
