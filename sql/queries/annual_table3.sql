-- annual_table3: annual-report table 三、收到和处理政府信息公开申请情况, per
--   submitting unit, from the year's applications ledger.
-- Meaning: every application of the year's ledger that was open at some time
--   in the year (received on or before 31 December, not answered before
--   1 January) is counted twice, once on each side of the balance M1
--   (一 + 二 = （七） + 四), so M1 holds by construction:
--     intake: 一、本年新收 (received in the year) or 二、上年结转 (received
--       before 1 January);
--     exit:   its outcome row "1", "2", "3.1" … "6.3" (answered in the year)
--       or 四、结转下年度继续办理 (not answered by 31 December).
--   Columns by 申请人类型. Rows that cannot be placed are left out of every
--   row and listed instead (bucket 'skip:…', see Output):
--     skip:reversed   答复日期 earlier than 收到日期 across a year boundary
--                     and touching the year (received in the year but
--                     answered before it, or answered in the year but
--                     received after it): counting it would put it on one
--                     side of M1 only;
--     skip:received   no 收到日期;
--     skip:outcome    answered in the year without a valid outcome code;
--     skip:applicant  申请人类型 not one of the six columns.
--   Applications answered before the year, or received after it and not
--   answered in it, belong to other years and are ignored.
--   fee: 信息处理费 (元) of applications answered in the year, on their
--   outcome row (a fee belongs to the year the application is concluded, so
--   an application carried over is never counted twice).
-- Inputs: cur_applications, unit_tree; $1 year; $2 unit_id (NULL = every unit);
--   $3 with $2: also the unit's descendants (unit_tree,
--   migration 0019).
-- Output: unit_id, bucket (a table-3 row code: new, carried_in, 1 … 6.3,
--   carried_out; or skip:…), np, ce, ri, sw, ls, ot (counts by 自然人, 商业企业,
--   科研机构, 社会公益组织, 法律服务机构, 其他), n (all rows of the bucket),
--   fee (DOUBLE, 元), items (for skip buckets: the 申请编号 or 第N行, joined
--   by '、'; NULL otherwise).
WITH a AS (
    SELECT unit_id, applicant_type, received, replied, outcome, fee,
           coalesce(nullif(trim(app_no), ''), '第' || src_row || '行') AS item,
           make_date($1, 1, 1) AS y0, make_date($1, 12, 31) AS y1
    FROM cur_applications
    WHERE year = $1
      AND (CAST($2 AS BIGINT) IS NULL OR unit_id = $2
           OR CAST($3 AS BOOLEAN) AND unit_id IN (SELECT unit_id FROM unit_tree WHERE root = $2))
), c AS (
    SELECT *,
           CASE
               WHEN received IS NULL THEN 'skip:received'
               WHEN replied < received AND year(replied) <> year(received)
                    AND (year(received) = $1 OR year(replied) = $1) THEN 'skip:reversed'
               WHEN received > y1 OR replied < y0 THEN 'other_year'
               WHEN applicant_type IS NULL
                    OR applicant_type NOT IN ('自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他') THEN 'skip:applicant'
               WHEN replied <= y1 AND (outcome IS NULL OR outcome NOT IN (
                    '1', '2', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '4.1', '4.2', '4.3',
                    '5.1', '5.2', '5.3', '5.4', '5.5', '6.1', '6.2', '6.3')) THEN 'skip:outcome'
               ELSE 'counted'
           END AS status
    FROM a
), entries AS (
    SELECT unit_id, applicant_type, item, NULL::DOUBLE AS fee,
           CASE WHEN received >= y0 THEN 'new' ELSE 'carried_in' END AS bucket
    FROM c WHERE status = 'counted'
    UNION ALL
    SELECT unit_id, applicant_type, item,
           CASE WHEN replied <= y1 THEN fee END,
           CASE WHEN replied <= y1 THEN outcome ELSE 'carried_out' END
    FROM c WHERE status = 'counted'
    UNION ALL
    SELECT unit_id, applicant_type, item, NULL, status
    FROM c WHERE status LIKE 'skip:%'
)
SELECT unit_id, bucket,
       count(*) FILTER (WHERE applicant_type = '自然人') AS np,
       count(*) FILTER (WHERE applicant_type = '商业企业') AS ce,
       count(*) FILTER (WHERE applicant_type = '科研机构') AS ri,
       count(*) FILTER (WHERE applicant_type = '社会公益组织') AS sw,
       count(*) FILTER (WHERE applicant_type = '法律服务机构') AS ls,
       count(*) FILTER (WHERE applicant_type = '其他') AS ot,
       count(*) AS n,
       CAST(coalesce(sum(fee), 0) AS DOUBLE) AS fee,
       string_agg(item, '、' ORDER BY item) FILTER (WHERE bucket LIKE 'skip:%') AS items
FROM entries
GROUP BY unit_id, bucket
ORDER BY unit_id, bucket;
