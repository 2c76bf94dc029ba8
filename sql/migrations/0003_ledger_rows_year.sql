-- 0003_ledger_rows_year: ledger_rows carries the reporting year, so evidence
-- look-ups for one year prune the other years' rows instead of scanning all.
CREATE OR REPLACE VIEW ledger_rows AS
          SELECT row_id, batch_id, year, 'applications' AS kind, src_sheet, src_row, coalesce(app_no, '') AS label FROM ledger_applications
UNION ALL SELECT row_id, batch_id, year, 'disclosures', src_sheet, src_row, coalesce(title, '') FROM ledger_disclosures
UNION ALL SELECT row_id, batch_id, year, 'documents', src_sheet, src_row, coalesce(doc_name, '') FROM ledger_documents
UNION ALL SELECT row_id, batch_id, year, 'enforcement', src_sheet, src_row, coalesce(item, '') FROM ledger_enforcement
UNION ALL SELECT row_id, batch_id, year, 'appeals', src_sheet, src_row, coalesce(case_no, '') FROM ledger_appeals
UNION ALL SELECT row_id, batch_id, year, 'tasks', src_sheet, src_row, coalesce(task_no || ' ', '') || coalesce(task, '') FROM ledger_tasks
UNION ALL SELECT row_id, batch_id, year, 'media', src_sheet, src_row, coalesce(account, '') || ' ' || coalesce(strftime(posted, '%Y-%m-%d'), '') FROM ledger_media
UNION ALL SELECT row_id, batch_id, year, 'activities', src_sheet, src_row, coalesce(act_type, '') || ' ' || coalesce(name, '') FROM ledger_activities
UNION ALL SELECT row_id, batch_id, year, 'responses', src_sheet, src_row, coalesce(subject, '') FROM ledger_responses
UNION ALL SELECT row_id, batch_id, year, 'weights', src_sheet, src_row, coalesce(item, '') FROM ledger_weights;
