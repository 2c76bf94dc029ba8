-- ledger_feed_insert: the rows of a large batch, pulled by DuckDB from the
-- Go table function gongkai_feed (store/feed.go) on all its threads, into
-- {{table}} ({{columns}}). Runs inside the batch's own transaction.
INSERT INTO {{table}} ({{columns}}) SELECT * FROM gongkai_feed($1)
