-- corrected_appeals: administrative reconsiderations and lawsuits about
--   disclosure decided against the unit (结果纠正).
-- Inputs: cur_appeals; getvariable('year').
-- Output: unit_id, value (corrected cases), total (all cases), evidence
--   (row_id of corrected cases).
--   unknown: always empty (no working days are counted).
SELECT unit_id,
       count(*) FILTER (WHERE result = '结果纠正') AS value,
       count(*) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE result = '结果纠正'), []) AS evidence,
       []::BIGINT[] AS unknown
FROM cur_appeals
WHERE year = getvariable('year')
GROUP BY unit_id
