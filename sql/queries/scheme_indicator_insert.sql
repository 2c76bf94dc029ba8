-- scheme_indicator_insert: one node of the indicator tree. inputs: year, id, parent_id,
-- level, ord, name, points, section, rule, measure, param, per, cap, min_value, mode,
-- bands (JSON), groups (JSON), description.
INSERT INTO scheme_indicators VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18);
