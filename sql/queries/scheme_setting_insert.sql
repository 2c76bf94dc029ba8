-- scheme_setting_insert: inputs: year, key, value.
INSERT INTO scheme_settings VALUES ($1, $2, $3);
