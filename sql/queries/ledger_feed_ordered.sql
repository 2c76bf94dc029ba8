-- ledger_feed_ordered: back to the default insertion order after
-- ledger_feed_insert, before the connection returns to the pool.
RESET SESSION preserve_insertion_order;
