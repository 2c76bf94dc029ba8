-- 0005_active_log: which batch readers see is decided by an append-only log,
-- not by updating batches.status. Under concurrent readers DuckDB 1.5.6
-- occasionally showed a reader neither the old nor the new active batch while
-- one UPDATE moved the status from one row to another (store test
-- TestReadersSeeWholeBatches); an INSERT is seen whole or not at all.
-- batches.status stays as the history's record of what happened.
CREATE SEQUENCE active_seq START 1;
CREATE TABLE batch_active_log (
    seq      BIGINT NOT NULL,
    unit_id  BIGINT NOT NULL,
    kind     VARCHAR NOT NULL,
    year     INTEGER NOT NULL,
    batch_id BIGINT NOT NULL
);
INSERT INTO batch_active_log
SELECT nextval('active_seq'), unit_id, kind, year, batch_id FROM batches WHERE status = 'active' ORDER BY batch_id;
-- The newest log entry per unit, kind and year is the batch readers see.
CREATE VIEW active_batches AS
SELECT arg_max(batch_id, seq) AS batch_id FROM batch_active_log GROUP BY unit_id, kind, year;
CREATE OR REPLACE VIEW cur_applications AS SELECT l.* FROM ledger_applications l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
CREATE OR REPLACE VIEW cur_disclosures AS SELECT l.* FROM ledger_disclosures l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
CREATE OR REPLACE VIEW cur_documents AS SELECT l.* FROM ledger_documents l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
CREATE OR REPLACE VIEW cur_enforcement AS SELECT l.* FROM ledger_enforcement l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
CREATE OR REPLACE VIEW cur_appeals AS SELECT l.* FROM ledger_appeals l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
CREATE OR REPLACE VIEW cur_tasks AS SELECT l.* FROM ledger_tasks l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
CREATE OR REPLACE VIEW cur_media AS SELECT l.* FROM ledger_media l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
CREATE OR REPLACE VIEW cur_activities AS SELECT l.* FROM ledger_activities l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
CREATE OR REPLACE VIEW cur_responses AS SELECT l.* FROM ledger_responses l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
CREATE OR REPLACE VIEW cur_weights AS SELECT l.* FROM ledger_weights l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);
