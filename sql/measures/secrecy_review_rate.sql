-- secrecy_review_rate: share of published items that went through 保密审查.
-- Inputs: cur_disclosures; getvariable('year').
-- Output: unit_id, value (reviewed share), total (items), evidence (row_id of
--   items not marked as reviewed).
--   unknown: always empty (no working days are counted).
SELECT unit_id,
       count(*) FILTER (WHERE secrecy_review) / count(*) AS value,
       count(*) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE NOT coalesce(secrecy_review, false)), []) AS evidence,
       []::BIGINT[] AS unknown
FROM cur_disclosures
WHERE year = getvariable('year')
GROUP BY unit_id
