package store

import "context"

// What the server's cockpit (the leaders' one-screen dashboard) reads
// besides the scores.

// MeasureUnit is a scored unit's value of one measure in a year; Value is
// nil when the measure found nothing for the unit.
type MeasureUnit struct {
	UnitID int64
	Value  *float64
}

// CockpitMeasureUnits lists the scored units of a year that the year's
// scheme scores on an indicator using measure, with the measure's value.
func (q *Queries) CockpitMeasureUnits(ctx context.Context, year int, measure string) ([]MeasureUnit, error) {
	return list(ctx, q.q, "cockpit_measure_units", fields(func(m *MeasureUnit) []any {
		return []any{&m.UnitID, &m.Value}
	}), year, measure)
}
