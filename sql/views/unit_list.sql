-- views/unit_list.sql: what each unit must keep in each year, chosen from a
-- list the scheme gives per 考核分组 and registry unit type ('' = the
-- group's list for every type the scheme does not name): the list for its
-- type in its 考核分组 (its group in the year's scheme, else in the
-- registry), else its group's list. store fills it in at every Open, after
-- the migrations, once for each such list (store.unitLists: unit_owes, the
-- ledger kinds, from scheme_owes; unit_domains, the domains of the
-- 公开事项目录, from scheme_domains): {{view}} the view, {{table}} the list,
-- {{item}} its column of what is kept. A unit without rows in a year is
-- given no list here; each reader says what that means.
CREATE OR REPLACE VIEW {{view}} AS
WITH m AS (
    SELECT y.year, u.unit_id, coalesce(u.unit_type, '') AS unit_type, coalesce(g.grp, u.grp) AS grp
    FROM units u CROSS JOIN (SELECT DISTINCT year FROM {{table}}) y
    LEFT JOIN scheme_groups g ON g.year = y.year AND g.unit_id = u.unit_id
), o AS (
    -- '' sorts before any type, so max picks the type's own list when the scheme has one
    SELECT m.year, m.unit_id, o.unit_type, o.{{item}},
           max(o.unit_type) OVER (PARTITION BY m.year, m.unit_id) AS chosen
    FROM m JOIN {{table}} o ON o.year = m.year AND o.grp = m.grp AND o.unit_type IN ('', m.unit_type)
)
SELECT year, unit_id, {{item}} FROM o WHERE unit_type = chosen;
