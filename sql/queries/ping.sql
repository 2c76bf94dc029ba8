-- ping: the readiness check; succeeds whenever the database answers.
SELECT 1;
