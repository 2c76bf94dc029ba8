-- parquet_checksum: the row count and an order-independent checksum of
-- every row of {{table}} (sum of the row hashes), to prove a round trip.
SELECT count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM {{table}} t
