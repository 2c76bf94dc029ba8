-- 0006_measure_unknown: ledger rows a working-day measure could not judge
-- because a date lies outside the known holiday calendar (calendar_coverage;
-- the calendar table holds only those days). Such a row counts neither as on
-- time nor as late: it is left out of the measure's total and listed here,
-- so that explain shows it as 节假日安排尚未公布，无法判定 and `gongkai score`
-- warns. One row per ledger row, per measure, parameter, unit and year.
CREATE TABLE measure_unknown (
    year    INTEGER NOT NULL,
    unit_id BIGINT NOT NULL,
    measure VARCHAR NOT NULL,
    param   VARCHAR NOT NULL,
    row_id  BIGINT NOT NULL
);
