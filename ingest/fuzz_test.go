package ingest

// Fuzz tests of the cell normalisers. `go test` runs
// the seeds below and the corpus in testdata/fuzz/; to search further:
//
//	go test ./ingest -run '^$' -fuzz '^FuzzParseDate$' -fuzztime 20s
//
// and copy interesting new entries from $(go env GOCACHE)/fuzz/gongkai/ingest/
// into testdata/fuzz/.

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"gongkai"
)

var cellSeeds = []string{
	"", " ", "2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305", "45356", "45356.604166666664",
	"２０２４－０３－０５", "2024-02-30", "2024-03-05 14:30", "2024年3月5日14时30分", "2024年10月底前", "6月底前", "年底前",
	"长期坚持", "１２", "1,234.5", "12件", "-3", "1e3", "Inf", "NaN", "0x1p4", "是", "否", "√", "×", "予以公开",
	"（三）不予公开/1.属于国家秘密", "不予公开-国家秘密", "(", ")", "(三", "（七）总计", "1.", "9999999999999999999",
	"1.13352318001776E+17", "914403001922038216", "\xff\xfe", "合计", "填表人：", "2024年", "月底", "年13月底前",
}

func FuzzParseDate(f *testing.F) {
	for _, s := range cellSeeds {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, raw string, date1904 bool) {
		d, err := ParseDate(raw, date1904)
		if err != nil {
			if err != errBlank && !strings.Contains(err.Error(), "“") {
				t.Errorf("ParseDate(%q): reason %q does not quote the value", raw, err)
			}
			return
		}
		if !validDate(d.Y, d.M, d.D) {
			t.Fatalf("ParseDate(%q, %v) = %v: not a valid calendar date", raw, date1904, d)
		}
		if tm := d.Time(); tm.Year() != d.Y || int(tm.Month()) != d.M || tm.Day() != d.D {
			t.Fatalf("ParseDate(%q) = %v, Time() = %v", raw, d, tm)
		}
		// An accepted date reads back from its canonical form.
		if d2, err := ParseDate(d.String(), false); err != nil || d2 != d {
			t.Fatalf("ParseDate(%q) = %v, but ParseDate(%q) = %v, %v", raw, d, d.String(), d2, err)
		}
	})
}

func FuzzParseDateTime(f *testing.F) {
	for _, s := range cellSeeds {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, raw string, date1904 bool) {
		tm, err := ParseDateTime(raw, date1904)
		if err != nil {
			return
		}
		if !validDate(tm.Year(), int(tm.Month()), tm.Day()) || tm.Location() != time.UTC {
			t.Fatalf("ParseDateTime(%q, %v) = %v", raw, date1904, tm)
		}
		s := tm.Format("2006-01-02 15:04:05")
		if tm2, err := ParseDateTime(s, false); err != nil || !tm2.Equal(tm) {
			t.Fatalf("ParseDateTime(%q) = %v, but ParseDateTime(%q) = %v, %v", raw, tm, s, tm2, err)
		}
	})
}

func FuzzParseDeadline(f *testing.F) {
	for _, s := range cellSeeds {
		f.Add(s, 2024)
		f.Add(s, 0)
	}
	f.Add("年底前", -1)
	f.Add("年底前", 99999)
	f.Fuzz(func(t *testing.T, raw string, year int) {
		d, err := ParseDeadline(raw, year)
		if err != nil {
			return
		}
		if d.Open {
			if d.Date != (Date{}) {
				t.Fatalf("ParseDeadline(%q) open with a date %v", raw, d.Date)
			}
			return
		}
		if !validDate(d.Date.Y, d.Date.M, d.Date.D) {
			t.Fatalf("ParseDeadline(%q, %d) = %v: not a valid calendar date", raw, year, d.Date)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range cellSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if v, err := ParseInt(raw); err == nil {
			if v2, err := ParseInt(strconv.FormatInt(v, 10)); err != nil || v2 != v {
				t.Fatalf("ParseInt(%q) = %d, but ParseInt(%d) = %d, %v", raw, v, v, v2, err)
			}
			if d, err := ParseDecimal(raw); err != nil || math.Abs(d-float64(v)) > math.Abs(float64(v))*1e-9 {
				t.Fatalf("ParseInt(%q) = %d but ParseDecimal = %v, %v", raw, v, d, err)
			}
		}
		if v, err := ParseDecimal(raw); err == nil {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("ParseDecimal(%q) = %v", raw, v)
			}
			s := strconv.FormatFloat(v, 'g', -1, 64)
			if v2, err := ParseDecimal(s); err != nil || v2 != v {
				t.Fatalf("ParseDecimal(%q) = %v, but ParseDecimal(%q) = %v, %v", raw, v, s, v2, err)
			}
		}
	})
}

// FuzzCellNormalisers: the other normalisers never panic, and what they
// accept is one of the values they promise.
func FuzzCellNormalisers(f *testing.F) {
	for _, s := range cellSeeds {
		f.Add(s)
	}
	reg := NewRegistry(nil)
	f.Fuzz(func(t *testing.T, raw string) {
		ParseBool(raw)
		if code, err := ParseOutcome(raw); err == nil && OutcomeByCode(code) == nil {
			t.Fatalf("ParseOutcome(%q) = unknown code %q", raw, code)
		}
		for _, k := range gongkai.Kinds {
			for i := range k.Columns {
				c := &k.Columns[i]
				switch c.Type {
				case gongkai.TEnum:
					if v, err := ParseEnum(c, raw); err == nil && !contains(c.Enum, v) {
						t.Fatalf("ParseEnum(%s, %q) = %q, not a listed value", c.Name, raw, v)
					}
				case gongkai.TMultiEnum:
					if v, err := ParseMultiEnum(c, raw); err == nil {
						for _, p := range strings.Split(v, "、") {
							if !contains(c.Enum, p) {
								t.Fatalf("ParseMultiEnum(%s, %q) = %q", c.Name, raw, v)
							}
						}
					}
				}
			}
		}
		if ValidCreditCode(raw) == nil && (len(raw) != 18 || CreditCheckChar(raw[:17]) != raw[17]) {
			t.Fatalf("ValidCreditCode(%q) accepted", raw)
		}
		headerKey(raw)
		skipRow([]string{raw, raw})
		reg.Resolve(raw)
		splitList(raw)
		for _, y := range []int{0, 2024} {
			ParseDeadline(raw, y)
		}
	})
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// fuzzLike holds a function with a shortcut to its reference: the
// shortcut must never change a result.
func fuzzLike[T comparable](f *testing.F, seeds []string, fn, ref func(string) T) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fn(s), ref(s); got != want {
			t.Fatalf("%q: got %v, want %v", s, got, want)
		}
	})
}

func FuzzFoldWidth(f *testing.F) {
	fuzzLike(f, []string{"", "abc", "２０２４年", "邮寄", "是", "Ａ\u3000Ｂ", "a\u00a0b", "\xff", "\xef\xbc", "－－", "／"}, foldWidth, foldEach)
}

// FuzzClean: clean against TrimFunc, without its look at the ends' lead bytes.
func FuzzClean(f *testing.F) {
	fuzzLike(f, []string{"", " a ", "\u3000申请\u3000", "\ufeffx", "a\u00a0", "\u0085", "x\u2028", "\u1680y", "\xff", "a\xe3", "中文", "\t1\n", "\x7f"},
		clean, func(s string) string { return strings.TrimFunc(s, cleanSpace) })
}

// FuzzHeaderKey: headerKey against the plain two-pass definition — fold
// the width, drop spaces and marks, trim the required-marks.
func FuzzHeaderKey(f *testing.F) {
	fuzzLike(f, []string{"", "申请编号", "收到日期（必填）", "* 申请人类型", "办理结果：", "收到日期:", "补正\x00告知日期", "※备注", "Ａ Ｂ", "\xff", "2024-08-18", "数量(件)必填"},
		headerKey, func(s string) string {
			k := strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) || r == '*' || r == '※' || r == ':' {
					return -1
				}
				return r
			}, foldEach(s))
			for _, suf := range requiredMarks {
				k = strings.TrimSuffix(k, suf)
			}
			return k
		})
}

// FuzzHasLabelRune: the byte scan agrees with strings.ContainsAny.
func FuzzHasLabelRune(f *testing.F) {
	fuzzLike(f, append(cellSeeds, "合计", "填表人：张三", "单位", "说明", "\xe5\xe8\xae\xa1", "\xe8\xae", "计"),
		hasLabelRune, func(s string) bool { return strings.ContainsAny(s, labelRunes) })
}
