-- catalog_overdue: number of a unit's 公开事项目录 items whose 公开时限 passed
--   without a matching publication in the 主动公开台账 (or with one published
--   late), by catalog_deadlines (migration 0017: the forms of 公开时限 read,
--   the matching rule, working days with 调休).
-- Inputs: catalog_deadlines (cur_catalog, cur_disclosures, calendar);
--   getvariable('year').
-- Output: unit_id, value (overdue items), total (items judged: at least one
--   deadline on time or overdue), evidence (row_id of the overdue items and
--   of the late matching publications). unknown: always empty — the items
--   not judged (无法判定, the reason in catalog_deadlines.note) are listed
--   on the unit page (queries/catalog_items.sql), not as measure_unknown,
--   which says a date lies outside the holiday calendar.
WITH s AS (
    SELECT row_id, unit_id,
           bool_or(state = '逾期') AS late,
           bool_or(state IN ('按时', '逾期')) AS judged,
           list(pub_row) FILTER (WHERE state = '逾期' AND pub_row IS NOT NULL) AS late_pubs
    FROM catalog_deadlines
    WHERE year = getvariable('year')
    GROUP BY row_id, unit_id
)
SELECT unit_id,
       count(*) FILTER (WHERE late) AS value,
       count(*) FILTER (WHERE judged) AS total,
       list_sort(list_distinct(flatten(coalesce(list(list_prepend(row_id, coalesce(late_pubs, []))) FILTER (WHERE late), [])))) AS evidence,
       []::BIGINT[] AS unknown
FROM s
GROUP BY unit_id
