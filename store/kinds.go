package store

import (
	"context"
	"fmt"
	"strings"
	"text/template"

	"gongkai"
	sqlfiles "gongkai/sql"
)

// The ledger kinds are declared once, in gongkai.Kinds. Their views — each
// kind's cur_<kind> and its branch of ledger_rows — are made from that
// declaration (sql/kinds/views.sql) each time a database opens, after the
// migrations: a new kind needs a migration for its table only, and a
// database migrated before it gets its views on the next Open.

// kindView is what sql/kinds/views.sql reads of a kind.
type kindView struct {
	Name, Table string
	Label       []labelColumn
}

// labelColumn is one column of a kind's Label: Date when it holds a date
// (the label shows it as 2006-01-02), Last for the last one.
type labelColumn struct {
	Field      string
	Date, Last bool
}

var kindViewsTmpl = template.Must(template.New("views").Parse(sqlfiles.KindTemplate("views")))

// KindViews returns the SQL that (re)defines the views of kinds: their
// cur_<kind> views and the ledger_rows view with one branch per kind. A
// kind without a Label, or whose Label names a column it does not have, is
// an error: its rows could not be named as evidence.
func KindViews(kinds []*gongkai.Kind) (string, error) {
	views := make([]kindView, len(kinds))
	for i, k := range kinds {
		if len(k.Label) == 0 {
			return "", fmt.Errorf("kind %s: no Label", k.Name)
		}
		v := kindView{Name: k.Name, Table: k.Table}
		for j, f := range k.Label {
			c := column(k, f)
			if c == nil {
				return "", fmt.Errorf("kind %s: Label column %s is not one of its columns", k.Name, f)
			}
			date := c.Type == gongkai.TDate || c.Type == gongkai.TDateTime
			v.Label = append(v.Label, labelColumn{Field: f, Date: date, Last: j == len(k.Label)-1})
		}
		views[i] = v
	}
	var b strings.Builder
	if err := kindViewsTmpl.Execute(&b, views); err != nil {
		return "", fmt.Errorf("kind views: %w", err)
	}
	return b.String(), nil
}

// column is k's column called field, or nil.
func column(k *gongkai.Kind, field string) *gongkai.Column {
	for i := range k.Columns {
		if k.Columns[i].Field == field {
			return &k.Columns[i]
		}
	}
	return nil
}

// unitList is a view of what each unit must keep in each year, chosen
// from a list the scheme gives per 考核分组 and unit type
// (sql/views/unit_list.sql): view, the list's table, its item column.
type unitList struct{ view, table, item string }

var unitLists = []unitList{
	{"unit_owes", "scheme_owes", "kind"},         // the ledger kinds a unit keeps (migration 0011)
	{"unit_domains", "scheme_domains", "domain"}, // the domains of its 公开事项目录 (migration 0017)
}

// sql (re)defines the view.
func (l unitList) sql() string {
	return sqlfiles.Fill(sqlfiles.View("unit_list"), "view", l.view, "table", l.table, "item", l.item)
}

// views defines, in one transaction, the views made at every Open rather
// than by a migration: those of gongkai.Kinds, then the unit lists.
func (d *DB) views(ctx context.Context) error {
	views, err := KindViews(gongkai.Kinds)
	if err != nil {
		return err
	}
	return d.InTx(ctx, func(q *Queries) error {
		if _, err := q.q.ExecContext(ctx, views); err != nil {
			return fmt.Errorf("kind views: %w", err)
		}
		for _, l := range unitLists {
			if _, err := q.q.ExecContext(ctx, l.sql()); err != nil {
				return fmt.Errorf("view %s: %w", l.view, err)
			}
		}
		return nil
	})
}
