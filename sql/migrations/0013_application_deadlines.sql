-- 0013_application_deadlines: each application's statutory reply deadline
-- in one place (issue 19), read by the measure reply_on_time and by the
-- deadline warnings (queries/deadlines.sql), so the two agree to the day.
-- 条例第三十三条: 20 working days from receipt, or from 补正完成日期 when the
-- applicant was asked to complete the request; 20 more when extended; the
-- days spent consulting a third party (征求意见天数) are not counted. Working
-- days follow the calendar table (State Council notices with 调休). A start
-- on a rest day counts from the next working day (its wd_seq is the working
-- day before it). start_seq or deadline is NULL when a date lies outside the
-- known calendar: such an application cannot be judged.
CREATE VIEW application_deadlines AS
WITH a AS (
    SELECT row_id, batch_id, unit_id, year, app_no, received, replied,
           coalesce(correction_done, received) AS start,
           20 + CASE WHEN extended THEN 20 ELSE 0 END + coalesce(consult_days, 0) AS allowed
    FROM cur_applications
)
SELECT a.*, c.wd_seq AS start_seq, w.d AS deadline, w.wd_seq AS deadline_seq
FROM a
LEFT JOIN calendar c ON c.d = a.start
LEFT JOIN calendar w ON w.is_work AND w.wd_seq = c.wd_seq + a.allowed;
