-- 0014_version_explain_events: a published version keeps the events behind
-- a lost point as explain_all.sql gives them (issue 15's "explanations say
-- what happened": a new-media gap's dates, platform and account) and how a
-- 零报告 was scored (when_none), so a version explains itself as the draft
-- did when it was published. Versions published before keep NULL there.
ALTER TABLE version_explain ADD COLUMN gap_from DATE;
ALTER TABLE version_explain ADD COLUMN gap_to DATE;
ALTER TABLE version_explain ADD COLUMN platform VARCHAR;
ALTER TABLE version_explain ADD COLUMN account VARCHAR;
ALTER TABLE version_explain ADD COLUMN when_none VARCHAR;
