-- bulk_active_seqs: $1 new active-log sequence numbers at once, ascending.
SELECT nextval('active_seq') AS seq FROM range($1) ORDER BY seq;
