-- ledger_row_count: rows in all ledger tables (every batch).
SELECT count(*) FROM ledger_rows;
