-- annual_report_on_time: the previous year's 政府信息公开工作年度报告 was
--   published by the deadline (param MM-DD, default 01-31: 条例第四十九条 for
--   部门; county governments use 03-31).
-- Inputs: cur_disclosures (an item whose title names the annual report);
--   getvariable('year'), getvariable('param').
-- Output: unit_id, value (1 on time, 0 late), total (reports found),
--   evidence (row_id of a late report).
--   unknown: always empty (no working days are counted).
WITH deadline AS (
    SELECT strptime(getvariable('year') || '-' || coalesce(nullif(getvariable('param'), ''), '01-31'), '%Y-%m-%d')::DATE AS d
), r AS (
    SELECT x.row_id, x.unit_id, x.published <= deadline.d AS on_time
    FROM cur_disclosures x, deadline
    WHERE x.year = getvariable('year') AND contains(x.title, '政府信息公开工作年度报告')
)
SELECT unit_id,
       CASE WHEN bool_or(on_time) THEN 1 ELSE 0 END AS value,
       count(*) AS total,
       CASE WHEN bool_or(on_time) THEN [] ELSE list(row_id ORDER BY row_id) END AS evidence,
       []::BIGINT[] AS unknown
FROM r
GROUP BY unit_id
