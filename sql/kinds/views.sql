-- kinds/views.sql: the views of the ledger kinds, made from their one
-- declaration (gongkai.Kinds) by store each time a database opens, after
-- the migrations; a text/template over the kinds in order, each with its
-- Name, Table and Label (the columns of gongkai.Kind.Label, each with Date
-- when it holds a date, Last for the last one). A migration creates a
-- kind's table; its views are these, so no migration restates them. Of
-- the views older migrations made, what stays is what a later migration
-- reads as it runs (ledger_rows of 0003 in 0009, cur_proposals and
-- cur_catalog as their migration's own views bind): these replace them.
--
-- cur_<kind>: the kind's current rows, those of the active batches (the
-- latest entry of batch_active_log per unit, kind and year, migration 0005).
{{- range .}}
CREATE OR REPLACE VIEW cur_{{.Name}} AS SELECT l.* FROM {{.Table}} l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
{{- end}}

-- ledger_rows: every ledger row with its kind and a label naming it (the
-- kind's Label columns joined by spaces, a missing (NULL) one left out
-- with its space), which the explanations and the published versions list as
-- evidence; it carries the reporting year so that a look-up for one year
-- prunes the other years' rows (migration 0003).
CREATE OR REPLACE VIEW ledger_rows AS
{{- range $i, $k := .}}
{{if $i}}UNION ALL {{else}}          {{end}}SELECT row_id, batch_id, year, '{{$k.Name}}' AS kind, src_sheet, src_row,
{{- range $j, $c := $k.Label}}{{if $j}} ||{{end}} coalesce({{if $c.Date}}strftime({{$c.Field}}, '%Y-%m-%d'){{else}}{{$c.Field}}{{end}}{{if not $c.Last}} || ' '{{end}}, ''){{end}} AS label FROM {{$k.Table}}
{{- end}};
