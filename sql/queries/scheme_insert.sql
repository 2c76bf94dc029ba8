-- scheme_insert: the scheme header. inputs: year, name, source_file, source_text,
-- overall_total, overall_disclosure, allow_under_4pct, bonus_cap, veto_effect.
INSERT INTO schemes VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now()::TIMESTAMP);
