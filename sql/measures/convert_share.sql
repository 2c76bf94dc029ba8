-- convert_share: share of the matters many people ask for that a unit has
--   since published proactively (依申请公开 → 主动公开 转化, issue 19).
-- Meaning: the requests (申请内容) of the last N ledger years, every unit and
--   applicant, grouped by matter (metrics.Convert: character bigrams, no
--   dictionary); a matter asked at least K times is frequent. A unit asked
--   about a frequent matter converted it when its 主动公开台账 holds a
--   publication whose title and 栏目 match the matter, published on or after
--   the unit's first request about it and by 31 December of the year. A unit
--   asked about no frequent matter has nothing to count (no row).
--   param: "N年K次", blank for 3年3次.
-- Inputs: convert_topics, convert_requests (migration 0018, written by
--   metrics.Score for the year and param before the measures run);
--   getvariable('year'), getvariable('param').
-- Output: unit_id, value (converted share), total (frequent matters asked of
--   the unit), evidence (row_id of the unit's requests about the matters not
--   converted), unknown: always empty.
WITH t AS (
    SELECT * FROM convert_topics WHERE year = getvariable('year') AND param = getvariable('param')
), e AS (
    SELECT r.unit_id, list(r.row_id ORDER BY r.row_id) AS rows
    FROM convert_requests r
    JOIN t ON t.year = r.year AND t.param = r.param AND t.unit_id = r.unit_id AND t.topic = r.topic
    WHERE t.match_row IS NULL
    GROUP BY r.unit_id
)
SELECT t.unit_id,
       count(*) FILTER (WHERE t.match_row IS NOT NULL) / count(*) AS value,
       count(*) AS total,
       coalesce(any_value(e.rows), []) AS evidence,
       []::BIGINT[] AS unknown
FROM t
LEFT JOIN e ON e.unit_id = t.unit_id
GROUP BY t.unit_id
