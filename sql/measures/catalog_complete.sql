-- catalog_complete: share of a unit's 公开事项目录 items that state all eight
--   elements (公开事项名称, 公开内容（要素）, 公开依据, 公开时限, 公开主体,
--   公开方式, 公开渠道, 公开对象); a blank cell is a missing element.
-- Inputs: cur_catalog; getvariable('year').
-- Output: unit_id, value (complete share), total (items), evidence (row_id
--   of items missing an element). unknown: always empty.
WITH c AS (
    SELECT row_id, unit_id,
           coalesce(trim(item), '') = '' OR coalesce(trim(content), '') = '' OR coalesce(trim(basis), '') = ''
           OR coalesce(trim(time_limit), '') = '' OR coalesce(trim(subject), '') = '' OR coalesce(trim(method), '') = ''
           OR coalesce(trim(channel), '') = '' OR coalesce(trim(audience), '') = '' AS incomplete
    FROM cur_catalog
    WHERE year = getvariable('year')
)
SELECT unit_id,
       count(*) FILTER (WHERE NOT incomplete) / count(*) AS value,
       count(*) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE incomplete), []) AS evidence,
       []::BIGINT[] AS unknown
FROM c
GROUP BY unit_id
