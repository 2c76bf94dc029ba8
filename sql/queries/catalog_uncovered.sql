-- catalog_uncovered: the domains the scheme says a unit must cover in its
-- 公开事项目录 of a year (unit_domains) that have no item in it, as the
-- measure catalog_domains counts them, in the order of the national
-- guidelines' list (gongkai.CatalogDomains, $3).
-- input: $1 year, $2 unit_id (0: every unit), $3 the 26 domains in order,
--   joined by '、'.
-- output: unit_id, domain; by unit.
SELECT o.unit_id, o.domain
FROM unit_domains o
WHERE o.year = $1 AND ($2 = 0 OR o.unit_id = $2)
  AND NOT EXISTS (SELECT 1 FROM cur_catalog c WHERE c.unit_id = o.unit_id AND c.year = o.year AND c.domain = o.domain)
ORDER BY o.unit_id, list_position(string_split($3, '、'), o.domain), o.domain
