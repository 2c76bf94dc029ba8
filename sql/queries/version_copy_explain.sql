-- version_copy_explain: freeze a year's explanations with their ledger
-- rows as version $3, beside version_copy.sql: explain_all.sql of every
-- unit, filled in as explain_rows, so what a version shows is what Explain
-- showed.
-- inputs: $1 year, $2 unit_id 0 (explain_all.sql's: every unit), $3 version.
INSERT INTO version_explain
SELECT $1, $3, e.* FROM ({{explain_rows}}) e;
