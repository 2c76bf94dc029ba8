-- annual_table2: annual-report table 二、主动公开政府信息情况, per submitting unit.
-- Meaning:
--   规章 / 行政规范性文件 (第二十条第（一）项), from the documents ledgers:
--     本年制发件数 = documents whose 印发日期 falls in the year;
--     本年废止件数 = documents whose 废止日期 falls in the year;
--     现行有效件数 = documents issued on or before 31 December of the year and
--       not repealed by then.
--     A document stays in force across years, so every active documents
--     batch of the unit for the year or an earlier year is read, not only the
--     year's own: a 2022 document listed only in the 2022 ledger still counts
--     as 现行有效 in 2024. Later ledgers are not read, so a year's figures do
--     not change when next year's ledger arrives. A document listed in
--     several ledgers (key: 文号 without spaces, else 文件名称) counts once,
--     with every field (type, dates) taken from the most recent ledger that
--     lists it, so a 废止日期 added in a later ledger is honoured. 印发日期
--     falls back to 公开日期 when blank; a document with neither is not
--     counted. 其他政策文件 are not counted.
--   行政许可 / 行政处罚 / 行政强制 (第（五）（六）项): sum of 数量 in the
--     year's 主动公开统计 ledger; 行政事业性收费 (第（八）项): sum of 金额 (万元).
-- Inputs: cur_documents, cur_enforcement, unit_tree;
--   $1 year; $2 unit_id (NULL = every unit); $3 with $2: also the unit's
--   descendants (unit_tree, migration 0019), for a roll-up.
-- Output: one row per submitting unit with any row: unit_id, rule_issued,
--   rule_repealed, rule_in_force, normative_issued, normative_repealed,
--   normative_in_force, licensing, penalty, enforcement (BIGINT),
--   fee_amount (DOUBLE, 万元).
WITH docs AS (
    SELECT unit_id, row_id, year, doc_type,
           coalesce(issued, published) AS issued, repealed,
           coalesce(nullif(regexp_replace(coalesce(doc_no, ''), '\s', '', 'g'), ''), trim(doc_name)) AS doc_key
    FROM cur_documents
    WHERE year <= $1
      AND (CAST($2 AS BIGINT) IS NULL OR unit_id = $2
           OR CAST($3 AS BOOLEAN) AND unit_id IN (SELECT unit_id FROM unit_tree WHERE root = $2))
), latest AS (
    SELECT * FROM docs
    QUALIFY row_number() OVER (PARTITION BY unit_id, doc_key ORDER BY year DESC, row_id DESC) = 1
), d AS (
    SELECT unit_id,
           count(*) FILTER (WHERE doc_type = '规章' AND year(issued) = $1) AS rule_issued,
           count(*) FILTER (WHERE doc_type = '规章' AND year(repealed) = $1) AS rule_repealed,
           count(*) FILTER (WHERE doc_type = '规章' AND issued <= make_date($1, 12, 31)
                                AND (repealed IS NULL OR repealed > make_date($1, 12, 31))) AS rule_in_force,
           count(*) FILTER (WHERE doc_type = '行政规范性文件' AND year(issued) = $1) AS normative_issued,
           count(*) FILTER (WHERE doc_type = '行政规范性文件' AND year(repealed) = $1) AS normative_repealed,
           count(*) FILTER (WHERE doc_type = '行政规范性文件' AND issued <= make_date($1, 12, 31)
                                AND (repealed IS NULL OR repealed > make_date($1, 12, 31))) AS normative_in_force
    FROM latest
    WHERE doc_type IN ('规章', '行政规范性文件')
    GROUP BY unit_id
), e AS (
    SELECT unit_id,
           CAST(coalesce(sum(count) FILTER (WHERE item = '行政许可'), 0) AS BIGINT) AS licensing,
           CAST(coalesce(sum(count) FILTER (WHERE item = '行政处罚'), 0) AS BIGINT) AS penalty,
           CAST(coalesce(sum(count) FILTER (WHERE item = '行政强制'), 0) AS BIGINT) AS enforcement,
           coalesce(sum(amount) FILTER (WHERE item = '行政事业性收费'), 0) AS fee_amount
    FROM cur_enforcement
    WHERE year = $1
      AND (CAST($2 AS BIGINT) IS NULL OR unit_id = $2
           OR CAST($3 AS BOOLEAN) AND unit_id IN (SELECT unit_id FROM unit_tree WHERE root = $2))
    GROUP BY unit_id
)
SELECT coalesce(d.unit_id, e.unit_id) AS unit_id,
       coalesce(d.rule_issued, 0), coalesce(d.rule_repealed, 0), coalesce(d.rule_in_force, 0),
       coalesce(d.normative_issued, 0), coalesce(d.normative_repealed, 0), coalesce(d.normative_in_force, 0),
       coalesce(e.licensing, 0), coalesce(e.penalty, 0), coalesce(e.enforcement, 0),
       CAST(coalesce(e.fee_amount, 0) AS DOUBLE)
FROM d FULL OUTER JOIN e ON d.unit_id = e.unit_id
ORDER BY 1;
