-- scheme_delete: remove a year's scheme before loading its replacement. input: $1 year.
DELETE FROM schemes WHERE year = $1;
DELETE FROM scheme_settings WHERE year = $1;
DELETE FROM scheme_groups WHERE year = $1;
DELETE FROM scheme_grades WHERE year = $1;
DELETE FROM scheme_indicators WHERE year = $1;
DELETE FROM scheme_owes WHERE year = $1;
DELETE FROM scheme_none WHERE year = $1;
DELETE FROM scheme_domains WHERE year = $1;
