-- catalog_domain_insert: a domain the members of a 考核分组 must cover in
-- their 公开事项目录 (scheme_domains, migration 0017). input: $1 year, $2 grp,
-- $3 unit_type ('' = every type the scheme does not name), $4 domain.
INSERT INTO scheme_domains (year, grp, unit_type, domain) VALUES ($1, $2, $3, $4);
