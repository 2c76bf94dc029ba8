package gongkai

// Batch is one upload of one ledger kind for one unit and year: a file's
// rows, loaded as a whole and replaced as a whole by the unit's next
// upload of the kind and year (the old one kept in the history, to be
// restored). These are its facts as the history lists them; store.Batch,
// the loader's input, carries them with the rows.
type Batch struct {
	ID   int64  `json:"batch_id"` // 0 until loaded
	Kind string `json:"kind"`
	// UnitID is the registry's unit; CountyUnitID for a county-wide kind.
	UnitID int64 `json:"-"`
	// Unit is its name (CountyName for the county), as the history reads it.
	Unit       string `json:"unit"`
	Year       Year   `json:"year"`
	FileName   string `json:"file"`
	SHA256     string `json:"sha256"`
	Uploader   string `json:"uploader"`
	UploadedAt string `json:"uploaded_at"`
	// The file's rows as read, loaded, skipped (blank, 合计, notes) and
	// refused (only in a partial load: Partial).
	RowsRead    int64  `json:"rows_read"`
	RowsLoaded  int64  `json:"rows_loaded"` // the file's rows, as the clerk counts them
	RowsSkipped int64  `json:"rows_skipped"`
	RowsRefused int64  `json:"rows_refused"`
	Partial     bool   `json:"partial"`
	Status      string `json:"status"`                // BatchActive, BatchSuperseded or BatchLoading
	ReplacedBy  int64  `json:"replaced_by,omitempty"` // the batch that superseded it
	// RowsStored is the table's rows when more than RowsLoaded (a task
	// stored once per 牵头单位, migration 0012), else 0.
	RowsStored int64 `json:"rows_stored,omitempty"`
}

// The states of a batch: the one a unit's kind and year reads from, one
// replaced (kept for restore), and one whose load has not finished (no
// view shows it; a crash leaves it to be dropped at the next open).
const (
	BatchActive     = "active"
	BatchSuperseded = "superseded"
	BatchLoading    = "loading"
)

// BatchStatusTitle is a batch's state as the office says it.
func BatchStatusTitle(status string) string {
	// "refused" is not a batch's state: the upload list shows refused
	// uploads (which load nothing) beside the batches (issue 15).
	return map[string]string{BatchActive: "生效", BatchSuperseded: "已替换", BatchLoading: "导入中", "refused": "被拒收"}[status]
}
