package sqlfiles

import "testing"

func TestFill(t *testing.T) {
	got := Fill("DELETE FROM {{table}} WHERE a = {{v}} OR b = {{v}} {{other}}", "table", "ledger_x", "v", "1")
	if want := "DELETE FROM ledger_x WHERE a = 1 OR b = 1 {{other}}"; got != want {
		t.Errorf("Fill = %q, want %q", got, want)
	}
}
