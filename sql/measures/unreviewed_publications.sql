-- unreviewed_publications: items published with 保密审查 = 否 (a veto candidate:
--   publishing without secrecy review is what the national website index vetoes).
-- Inputs: cur_disclosures; getvariable('year').
-- Output: unit_id, value (count), total (items), evidence (row_id of those items).
--   unknown: always empty (no working days are counted).
SELECT unit_id,
       count(*) FILTER (WHERE secrecy_review = false) AS value,
       count(*) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE secrecy_review = false), []) AS evidence,
       []::BIGINT[] AS unknown
FROM cur_disclosures
WHERE year = getvariable('year')
GROUP BY unit_id
