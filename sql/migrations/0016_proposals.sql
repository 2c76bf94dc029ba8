-- 0016_proposals: the 人大代表建议和政协提案办理台账 (gongkai kind proposals,
-- issue 19 part 3), a county-wide ledger like the key tasks: its batches and
-- rows are the county's (unit_id 0), and each row names its 主办单位
-- (lead_unit_id; a proposal with several is stored once per 主办单位). The
-- measures proposal_on_time, proposal_public and proposal_satisfaction read
-- it per 主办单位; 协办单位 (partners) is kept as written.
CREATE TABLE ledger_proposals (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    proposal_no VARCHAR, category VARCHAR, title VARCHAR, lead_unit_id BIGINT, partners VARCHAR,
    assigned DATE, due DATE, done_date DATE, reply_class VARCHAR, full_text_public BOOLEAN,
    published DATE, satisfaction VARCHAR
);
-- The kind's views, its cur_proposals and its branch of ledger_rows, are
-- made from its declaration at every Open (sql/kinds/views.sql); this
-- cur_proposals is only what proposal_checks below binds to as it is made.
CREATE VIEW cur_proposals AS SELECT l.* FROM ledger_proposals l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
-- Each proposal's standing per 主办单位, in one place: read by the measures
-- (proposal_on_time, proposal_public, proposal_satisfaction) and by the
-- unit page's block (queries/proposal_unit.sql), so the two agree.
--   due_counted: answered, or still open with its 办结期限 passed by
--     31 December of the ledger's year (an open one not yet due is not
--     judged); late: answered after 办结期限, or open and overdue at the
--     year end.
--   public_days: calendar days from 办结 to the answer's publication (NULL
--     when not published); the N days of the scheme apply to it.
--   satisfied: 满意 or 基本满意 (NULL when not rated).
CREATE VIEW proposal_checks AS
SELECT row_id, batch_id, year, lead_unit_id AS unit_id, src_sheet, src_row,
       proposal_no, category, title, partners, assigned, due, done_date,
       reply_class, full_text_public, published, satisfaction,
       done_date IS NOT NULL OR due < make_date(year, 12, 31) AS due_counted,
       CASE WHEN done_date IS NOT NULL THEN done_date > due
            ELSE due < make_date(year, 12, 31) END AS late,
       published - done_date AS public_days,
       satisfaction IN ('满意', '基本满意') AS satisfied
FROM cur_proposals
WHERE lead_unit_id IS NOT NULL AND due IS NOT NULL;
