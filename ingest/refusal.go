package ingest

import (
	"gongkai"
	"gongkai/store"
)

// Refusal is the record of a refused result (store.RefusalInsert, issue 15:
// refused uploads are on record), filed under unitID when the caller knows
// the unit (a clerk's own; -1 when not), else under the unit the result
// names, the county for a county-wide ledger, or no unit (-1) when the
// registry knows none. The caller adds who tried (AccountID, Uploader) and
// the annotated workbook it keeps (FileID), and words the reason for its
// front end first if it will: the record shows the reason as given.
func (in *Ingester) Refusal(res *Result, unitID int64) store.Refusal {
	if unitID < 0 {
		switch {
		case res.County:
			unitID = gongkai.CountyUnitID
		case res.Unit != "":
			if u, err := in.Reg.Resolve(res.Unit); err == nil {
				unitID = u.ID
			}
		}
	}
	return store.Refusal{UnitID: unitID, FileName: res.File, Kind: res.Kind, Year: res.Year,
		Code: res.Code, Reason: res.Reason, RowsRefused: res.RowsRefused}
}
