-- session_delete: log out. input: id_hash.
DELETE FROM sessions WHERE id_hash = $1;
