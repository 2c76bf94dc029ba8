-- s15_score_inputs_record: remember, beside its batches, what else a year's
-- draft is scored from (migration 0020): the 零报告 declarations in force of
-- the kinds the scheme scores by when_none (scheme_none: a declaration of
-- another kind does not change a score), and the hash of the scheme's
-- normalised YAML. Run in the scoring transaction. input: $1 year.
DELETE FROM score_declarations WHERE year = $1;

INSERT INTO score_declarations
SELECT d.year, d.unit_id, d.kind, d.decl_id
FROM declared_none d
WHERE d.year = $1 AND d.kind IN (SELECT kind FROM scheme_none WHERE year = $1);

DELETE FROM score_scheme WHERE year = $1;

INSERT INTO score_scheme
SELECT year, sha256(source_text) FROM schemes WHERE year = $1;
