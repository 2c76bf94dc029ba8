-- score: turn measure values into points for every unit of the year's scheme.
-- input: getvariable('year'). Writes score_items and score_results.
-- Leaf rules:
--   presence  points when value > 0
--   deduction points − per × value, losing at most cap (default: all points)
--   ratio     linear: points × value; bands: points of the highest band reached;
--             nothing to count (value NULL) earns full points
--   threshold value ≥ min_value earns points; mode proportional: points × value / min
--   bonus     per × value, at most points (the item's cap)
--   veto      fires when value ≥ min_value (default 1)
-- Caps at every level: a node never loses more than its own points.
-- A leaf in score_none (its unit declared it had nothing of the kinds the
-- measure reads, 零报告; declare_score_none.sql) scores by its when_none:
-- full = all its points, zero = none, exempt = none with its points taken
-- out of its max, and so out of its parents' max (a parent keeps at most
-- what its other children can give) and the unit's maximum: the unit is
-- scored on what applies to it.
DELETE FROM score_items WHERE year = getvariable('year');
DELETE FROM score_results WHERE year = getvariable('year');

INSERT INTO score_items
WITH members AS (
    SELECT unit_id, grp FROM scheme_groups WHERE year = getvariable('year')
), ind AS (
    -- per indicator once, not per unit: leaf flag, parsed bands and groups
    SELECT i.*,
           NOT EXISTS (SELECT 1 FROM scheme_indicators c WHERE c.year = i.year AND c.parent_id = i.id) AS leaf,
           CASE WHEN i.bands IS NOT NULL THEN from_json(i.bands, '[{"min":"DOUBLE","points":"DOUBLE"}]') END AS band_list,
           CASE WHEN i.groups IS NOT NULL THEN from_json(i.groups, '["VARCHAR"]') END AS group_list
    FROM scheme_indicators i WHERE i.year = getvariable('year')
), is_leaf AS (
    SELECT m.unit_id, i.*
    FROM members m JOIN ind i ON i.group_list IS NULL OR list_contains(i.group_list, m.grp)
), leaf AS (
    SELECT l.unit_id, l.id, l.parent_id, l.level, l.section, l.points,
           CASE WHEN sn.when_none = 'exempt' THEN 0 ELSE l.points END AS max,
           mv.value, mv.total, coalesce(mv.evidence, []) AS evidence,
           round(CASE WHEN sn.when_none = 'full' THEN l.points
                      WHEN sn.when_none IN ('exempt', 'zero') THEN 0
                      ELSE CASE l.rule
               WHEN 'presence' THEN CASE WHEN coalesce(mv.value, 0) > 0 THEN l.points ELSE 0 END
               WHEN 'deduction' THEN greatest(0, l.points - least(coalesce(l.cap, l.points), coalesce(l.per, 1) * coalesce(mv.value, 0)))
               WHEN 'ratio' THEN CASE
                   WHEN mv.value IS NULL THEN l.points
                   WHEN l.mode = 'bands' THEN coalesce(list_max(list_transform(
                        list_filter(l.band_list, lambda b: mv.value >= b.min - 1e-9),
                        lambda b: b.points)), 0)
                   ELSE l.points * least(1, greatest(0, mv.value)) END
               WHEN 'threshold' THEN CASE
                   WHEN coalesce(mv.value, 0) >= l.min_value THEN l.points
                   WHEN l.mode = 'proportional' THEN l.points * coalesce(mv.value, 0) / l.min_value
                   ELSE 0 END
               WHEN 'bonus' THEN least(l.points, coalesce(l.per, 1) * coalesce(mv.value, 0))
               ELSE 0 END END, 2) AS pts,
           CASE l.rule
               WHEN 'veto' THEN coalesce(mv.value, 0) >= coalesce(l.min_value, 1)
               WHEN 'bonus' THEN coalesce(mv.value, 0) > 0
               ELSE false END AS triggered
    FROM is_leaf l
    LEFT JOIN measure_values mv
      ON mv.year = getvariable('year') AND mv.unit_id = l.unit_id AND mv.measure = l.measure AND mv.param = l.param
    LEFT JOIN score_none sn
      ON sn.year = getvariable('year') AND sn.unit_id = l.unit_id AND sn.id = l.id
    WHERE l.leaf
), lost3 AS (
    -- lost and exempted points of leaves, whatever their level
    SELECT unit_id, id, parent_id, level, section, points, max - pts AS lost, points - max AS exempt FROM leaf
), agg2 AS (
    SELECT a.unit_id, a.id, a.parent_id, a.level, a.section, a.points,
           sum(c.lost) AS lost, sum(c.points) AS kids, sum(c.exempt) AS exempt
    FROM is_leaf a JOIN lost3 c ON c.unit_id = a.unit_id AND c.parent_id = a.id
    WHERE a.level = 2 AND NOT a.leaf
    GROUP BY a.unit_id, a.id, a.parent_id, a.level, a.section, a.points
), lost2 AS (
    -- a node's max: its points, or once children are exempted what the
    -- others can still give (their points), if less
    SELECT unit_id, id, parent_id, level, section, points, mx AS max, least(mx, lost) AS lost, points - mx AS exempt
    FROM (SELECT *, CASE WHEN exempt = 0 THEN points ELSE greatest(0, least(points, kids - exempt)) END AS mx FROM agg2)
), agg1 AS (
    SELECT a.unit_id, a.id, a.parent_id, a.level, a.section, a.points,
           sum(c.lost) AS lost, sum(c.points) AS kids, sum(c.exempt) AS exempt
    FROM is_leaf a
    JOIN (SELECT unit_id, parent_id, points, lost, exempt FROM lost3 WHERE level = 2
          UNION ALL SELECT unit_id, parent_id, points, lost, exempt FROM lost2) c
      ON c.unit_id = a.unit_id AND c.parent_id = a.id
    WHERE a.level = 1 AND NOT a.leaf
    GROUP BY a.unit_id, a.id, a.parent_id, a.level, a.section, a.points
), lost1 AS (
    SELECT unit_id, id, parent_id, level, section, points, mx AS max, least(mx, lost) AS lost, points - mx AS exempt
    FROM (SELECT *, CASE WHEN exempt = 0 THEN points ELSE greatest(0, least(points, kids - exempt)) END AS mx FROM agg1)
), nodes AS (
    SELECT unit_id, id, max, lost FROM lost1
    UNION ALL SELECT unit_id, id, max, lost FROM lost2
)
SELECT getvariable('year'), l.unit_id, l.id, l.pts, l.max, l.value, l.total, l.triggered, l.evidence
FROM leaf l
UNION ALL
SELECT getvariable('year'), n.unit_id, n.id, round(n.max - n.lost, 2), n.max, NULL, NULL, false, NULL
FROM nodes n;

INSERT INTO score_results
WITH s AS (SELECT * FROM schemes WHERE year = getvariable('year')),
items AS (
    SELECT si.*, i.level, i.section, i.rule
    FROM score_items si JOIN scheme_indicators i ON i.year = si.year AND i.id = si.id
    WHERE si.year = getvariable('year')
), per_unit AS (
    SELECT m.unit_id, m.grp,
           coalesce(sum(it.points) FILTER (WHERE it.level = 1 AND it.section = 'score'), 0) AS base,
           coalesce(sum(it.max) FILTER (WHERE it.level = 1 AND it.section = 'score'), 0) AS max,
           coalesce(sum(it.points) FILTER (WHERE it.rule = 'bonus'), 0) AS bonus_raw,
           coalesce(bool_or(it.triggered) FILTER (WHERE it.rule = 'veto'), false) AS vetoed
    FROM scheme_groups m LEFT JOIN items it ON it.unit_id = m.unit_id
    WHERE m.year = getvariable('year')
    GROUP BY m.unit_id, m.grp
), totals AS (
    SELECT p.*, least(p.bonus_raw, s.bonus_cap) AS bonus,
           CASE WHEN p.vetoed AND s.veto_effect = 'zero' THEN 0
                ELSE round(p.base + least(p.bonus_raw, s.bonus_cap), 2) END AS total,
           s.overall_disclosure
    FROM per_unit p, s
), normed AS (
    SELECT *, CASE WHEN max > 0 THEN round(total / max * 100, 2) ELSE 0 END AS normalized FROM totals
)
SELECT getvariable('year'), n.unit_id, n.grp, round(n.base, 2), round(n.bonus, 2), n.total, n.max, n.normalized,
       -- a vetoed unit ranks after every unit that was not vetoed
       rank() OVER (PARTITION BY n.grp ORDER BY n.vetoed, n.normalized DESC)::INTEGER,
       CASE WHEN n.vetoed THEN (SELECT grade FROM scheme_grades WHERE year = getvariable('year') ORDER BY min_score LIMIT 1)
            ELSE coalesce((SELECT grade FROM scheme_grades g WHERE g.year = getvariable('year') AND n.normalized >= g.min_score
                           ORDER BY g.min_score DESC LIMIT 1), '不合格') END,
       n.vetoed,
       CASE WHEN n.vetoed THEN 0 ELSE round(least(n.normalized, 100) / 100 * n.overall_disclosure, 2) END
FROM normed n;
