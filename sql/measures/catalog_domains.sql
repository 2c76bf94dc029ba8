-- catalog_domains: number of the domains the scheme says a unit must cover
--   (owes_domains:, owes_domains_by_type:; view unit_domains, views/unit_list.sql)
--   that have no item in its 公开事项目录 of the year.
-- Inputs: unit_domains, cur_catalog; getvariable('year').
-- Output: unit_id (every unit that owes a domain), value (domains without an
--   item), total (domains owed), evidence: always empty (a missing domain
--   has no row; queries/catalog_uncovered.sql names them). unknown: always
--   empty.
SELECT o.unit_id,
       count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM cur_catalog c
                                          WHERE c.unit_id = o.unit_id AND c.year = o.year AND c.domain = o.domain)) AS value,
       count(*) AS total,
       []::BIGINT[] AS evidence,
       []::BIGINT[] AS unknown
FROM unit_domains o
WHERE o.year = getvariable('year')
GROUP BY o.unit_id
