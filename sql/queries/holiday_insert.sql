-- holiday_insert: one statutory holiday or 调休 working day. inputs: $1 d, $2 is_work, $3 name.
INSERT INTO holiday_exceptions VALUES ($1, $2, $3) ON CONFLICT (d) DO UPDATE SET is_work = excluded.is_work, name = excluded.name;
