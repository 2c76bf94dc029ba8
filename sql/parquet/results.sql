-- parquet/results.sql: the tables the scoring writes (sql/queries/
-- measure_insert.sql, measure_unknown_insert.sql, score.sql), empty, for
-- scoring in a session over an export (after parquet/views.sql). A line
-- {{create NAME}} is the table's CREATE TABLE statement as the migrations
-- declare it (sqlfiles.Parquet fills it in), so the columns are written
-- once. The exported results stay readable under the export's
-- measure_values/, measure_unknown/, score_items/ and score_results/
-- directories.
{{create measure_values}}
{{create measure_unknown}}
{{create score_items}}
{{create score_results}}
-- The leaves scored by a 零报告 (migration 0011); a session scores from its
-- measures only, so none: the exported score_none/ keeps what the database
-- scored.
{{create score_none}}
-- The batches a year is scored from (migration 0015): scoring in the
-- session records them over the export's active batches.
{{create score_batches}}
-- The declarations and the scheme a year is scored from (migration 0020):
-- scoring in the session records them over the export's.
{{create score_declarations}}
{{create score_scheme}}
