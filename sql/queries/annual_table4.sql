-- annual_table4: annual-report table 四、政府信息公开行政复议、行政诉讼情况,
--   per submitting unit, from the year's appeals ledger.
-- Meaning: cases received (立案) in the year, by 类型 (行政复议,
--   未经复议直接起诉, 复议后起诉) × 结果 (结果维持, 结果纠正, 其他结果,
--   尚未审结); the 总计 columns are computed by the caller. Rows of the
--   year's ledger received in another year (or without a date) are not
--   counted and come back as bucket 'skip:year' with their 案件编号; rows
--   whose type or result is not one of the above come back as 'skip:value'.
-- Inputs: cur_appeals, unit_tree; $1 year; $2 unit_id (NULL = every unit);
--   $3 with $2: also the unit's descendants (unit_tree,
--   migration 0019).
-- Output: unit_id, bucket (the 类型, or skip:…), upheld, corrected, other,
--   pending (counts), n (all rows of the bucket), items (for skip buckets:
--   the 案件编号 or 第N行 joined by '、'; NULL otherwise).
WITH c AS (
    SELECT unit_id, result,
           coalesce(nullif(trim(case_no), ''), '第' || src_row || '行') AS item,
           CASE
               WHEN received IS NULL OR year(received) <> $1 THEN 'skip:year'
               WHEN case_type NOT IN ('行政复议', '未经复议直接起诉', '复议后起诉') OR case_type IS NULL
                    OR result NOT IN ('结果维持', '结果纠正', '其他结果', '尚未审结') OR result IS NULL THEN 'skip:value'
               ELSE case_type
           END AS bucket
    FROM cur_appeals
    WHERE year = $1
      AND (CAST($2 AS BIGINT) IS NULL OR unit_id = $2
           OR CAST($3 AS BOOLEAN) AND unit_id IN (SELECT unit_id FROM unit_tree WHERE root = $2))
)
SELECT unit_id, bucket,
       count(*) FILTER (WHERE result = '结果维持') AS upheld,
       count(*) FILTER (WHERE result = '结果纠正') AS corrected,
       count(*) FILTER (WHERE result = '其他结果') AS other,
       count(*) FILTER (WHERE result = '尚未审结') AS pending,
       count(*) AS n,
       string_agg(item, '、' ORDER BY item) FILTER (WHERE bucket LIKE 'skip:%') AS items
FROM c
GROUP BY unit_id, bucket
ORDER BY unit_id, bucket;
