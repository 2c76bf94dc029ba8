-- calendar_coverage_set: record the covered range. inputs: $1 from, $2 to.
DELETE FROM calendar_coverage;
INSERT INTO calendar_coverage VALUES ($1::DATE, $2::DATE);
