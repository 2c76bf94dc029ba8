-- task_on_time: share of the year's key tasks (重点任务) a unit leads that were
--   completed by their deadline. Tasks without a date (长期坚持) are not counted.
-- Inputs: cur_tasks (attributed to 牵头单位, whoever uploaded the ledger);
--   getvariable('year').
-- Output: unit_id (the lead unit), value (on-time share), total (tasks with a
--   deadline in the year), evidence (row_id of late or unfinished tasks).
--   unknown: always empty (no working days are counted).
WITH r AS (
    SELECT row_id, lead_unit_id AS unit_id,
           status = '已完成' AND (done_date IS NULL OR done_date <= deadline) AS on_time
    FROM cur_tasks
    WHERE year = getvariable('year') AND deadline IS NOT NULL AND lead_unit_id IS NOT NULL
)
{{include on_time_share}}
