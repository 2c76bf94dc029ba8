-- ledger_feed_unordered: let ledger_feed_insert run on every thread without
-- keeping the order of the rows (row_id carries it). Per session, so other
-- connections keep the default; ledger_feed_ordered puts it back.
SET SESSION preserve_insertion_order = false;
