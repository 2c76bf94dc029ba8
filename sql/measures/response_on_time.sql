-- response_on_time: share of public concerns answered in time: 特别重大 and
--   重大 within the param hours (default 5, 国办发〔2016〕80号), 一般 within 48
--   hours (国办发〔2016〕61号). Unanswered items are late.
-- Inputs: cur_responses; getvariable('year'), getvariable('param').
-- Output: unit_id, value (timely share), total, evidence (row_id of late ones).
--   unknown: always empty (no working days are counted).
WITH r AS (
    SELECT row_id, unit_id,
           responded_at IS NOT NULL AND
           date_diff('minute', received_at, responded_at) <=
               60 * CASE WHEN level IN ('特别重大', '重大')
                         THEN coalesce(try_cast(nullif(getvariable('param'), '') AS INTEGER), 5)
                         ELSE 48 END AS on_time
    FROM cur_responses
    WHERE year = getvariable('year')
)
{{include on_time_share}}
