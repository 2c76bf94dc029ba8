package metrics

import (
	"context"
	"fmt"
	"math"

	"gongkai/store"
)

// Weight is the 4% check for one assessed unit: 政务公开 must carry at
// least 4% of the points of the unit's overall performance assessment
// (国办发〔2016〕80号 as the seed work plans quote it).
type Weight struct {
	UnitID           int64    `json:"unit"`
	UnitName         string   `json:"unit_name"`
	TotalPoints      float64  `json:"total_points"`
	DisclosurePoints float64  `json:"disclosure_points"`
	Share            float64  `json:"share"`
	Compliant        bool     `json:"compliant"`
	ShortfallPoints  float64  `json:"shortfall_points"`
	Source           string   `json:"source"` // ledger (综合考核权重表) or scheme
	Items            []string `json:"items,omitempty"`
}

// MinDisclosureShare is the national floor.
const MinDisclosureShare = 0.04

// Weights computes the 4% check for every assessed unit of a year.
func Weights(ctx context.Context, db *store.DB, year int) ([]Weight, error) {
	rows, err := db.Weights(ctx, year)
	if err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	out := []Weight{}
	for _, r := range rows {
		w := Weight{UnitID: r.UnitID, UnitName: r.UnitName, TotalPoints: r.TotalPoints,
			DisclosurePoints: r.DisclosurePoints, Source: r.Source, Items: r.Items}
		if w.TotalPoints > 0 {
			w.Share = math.Round(w.DisclosurePoints/w.TotalPoints*1e6) / 1e6
		}
		w.Compliant = w.TotalPoints > 0 && meets4Pct(w.DisclosurePoints, w.TotalPoints)
		if !w.Compliant {
			w.ShortfallPoints = round2(math.Max(0, w.TotalPoints*MinDisclosureShare-w.DisclosurePoints))
		}
		out = append(out, w)
	}
	return out, nil
}
