package metrics

import (
	"context"
	"fmt"
	"time"

	"gongkai/store"
)

// WarnDays: an open application with at most this many working days left
// is listed as 预警 (issue 19).
const WarnDays = 5

// china is Asia/Shanghai as a fixed zone: China has kept UTC+8 without
// daylight saving since 1991, and a fixed zone needs no tzdata on the
// user's machine.
var china = time.FixedZone("CST", 8*3600)

// ChinaDate is the Asia/Shanghai calendar date of t, as midnight UTC (how
// dates are stored). The office's "today" is this date, not the server's.
func ChinaDate(t time.Time) time.Time {
	y, m, d := t.In(china).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Deadlines lists the applications still open on asOf with their statutory
// deadlines (条例第三十三条), of one unit or of all (unitID 0): overdue
// first, then the most urgent. The deadline is the one reply_on_time
// judges by (view application_deadlines), so the warning and the score
// never disagree. An application whose deadline falls outside the known
// holiday calendar is listed with State "unknown" (UnknownNote).
func Deadlines(ctx context.Context, db *store.DB, asOf time.Time, unitID int64) ([]store.Deadline, error) {
	ds, err := db.Deadlines(ctx, asOf, unitID, WarnDays)
	if err != nil {
		return nil, fmt.Errorf("deadlines: %w", err)
	}
	return ds, nil
}

// DeadlineStates are the Chinese words for a Deadline's State.
var DeadlineStates = map[string]string{
	"overdue": "已逾期",
	"due":     "预警",
	"open":    "办理中",
	"unknown": UnknownNote,
}

// DaysLeftText says a Deadline's working days left as a clerk reads them.
func DaysLeftText(n *int) string {
	switch {
	case n == nil:
		return "—"
	case *n < 0:
		return fmt.Sprintf("已超 %d 个工作日", -*n)
	case *n == 0:
		return "今天到期"
	}
	return fmt.Sprintf("%d 个工作日", *n)
}

// CountStates counts deadlines by State.
func CountStates(ds []store.Deadline) map[string]int {
	n := map[string]int{"overdue": 0, "due": 0, "open": 0, "unknown": 0}
	for _, d := range ds {
		n[d.State]++
	}
	return n
}

// DeadlineReport is the deadline list as the CLI, the API and the pages
// give it: the same fields, words and JSON everywhere.
type DeadlineReport struct {
	AsOf         string         `json:"as_of"`
	WarnDays     int            `json:"warn_workdays"`
	Counts       map[string]int `json:"counts"`
	Applications []DeadlineRow  `json:"applications"`
}

// DeadlineRow is one open application of a DeadlineReport.
type DeadlineRow struct {
	UnitID    int64   `json:"unit_id"`
	Unit      string  `json:"unit"`
	Year      int     `json:"year"`
	AppNo     string  `json:"app_no"`
	Received  string  `json:"received"`
	Start     string  `json:"start"`
	Allowed   int     `json:"allowed_workdays"`
	Deadline  *string `json:"deadline"`
	DaysLeft  *int    `json:"workdays_left"`
	State     string  `json:"state"`
	StateText string  `json:"state_text"`
	LeftText  string  `json:"workdays_left_text"`
}

// DeadlinesReport lists the open applications of one unit or all (unitID 0) as of
// a day (Deadlines) as a DeadlineReport.
func DeadlinesReport(ctx context.Context, db *store.DB, asOf time.Time, unitID int64) (DeadlineReport, error) {
	ds, err := Deadlines(ctx, db, asOf, unitID)
	if err != nil {
		return DeadlineReport{}, err
	}
	r := DeadlineReport{AsOf: asOf.Format(dateLayout), WarnDays: WarnDays, Counts: CountStates(ds), Applications: make([]DeadlineRow, len(ds))}
	for i, d := range ds {
		r.Applications[i] = DeadlineRow{UnitID: d.UnitID, Unit: d.Unit, Year: d.Year, AppNo: d.AppNo,
			Received: d.Received.Format(dateLayout), Start: d.Start.Format(dateLayout), Allowed: d.Allowed,
			DaysLeft: d.DaysLeft, State: d.State, StateText: DeadlineStates[d.State], LeftText: DaysLeftText(d.DaysLeft)}
		if d.Deadline != nil {
			s := d.Deadline.Format(dateLayout)
			r.Applications[i].Deadline = &s
		}
	}
	return r, nil
}

const dateLayout = "2006-01-02"
