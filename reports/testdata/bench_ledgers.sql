-- bench_ledgers: synthetic ledgers for BenchmarkDerive (test only).
-- 10,000 units (unit 1 the county; 100 towns under it, 99 villages under
-- each town), one active 2024 batch per unit and ledger kind, and per unit
-- 30 applications (received November 2023 – December 2024, 20% still open,
-- random outcome and applicant type), 5 documents (issued 2020–2024, some
-- repealed), 4 enforcement rows and 2 appeals. Values come from hash(i) so
-- the data is the same on every run.
INSERT INTO units
SELECT i, '单位' || i, NULL, CASE WHEN i = 1 THEN '县级政府' WHEN i <= 101 THEN '乡镇' ELSE '村' END, NULL,
       CASE WHEN i = 1 THEN NULL WHEN i <= 101 THEN 1 ELSE 2 + (i - 102) // 99 END
FROM range(1, 10001) t(i);

INSERT INTO batches
SELECT u * 10 + k, kind, u, 2024, 'bench.csv', 'sha', 'bench', now()::TIMESTAMP,
       0, 0, 0, 0, false, 'active', NULL, now()::TIMESTAMP
FROM range(1, 10001) t(u),
     (VALUES (1, 'applications'), (2, 'documents'), (3, 'enforcement'), (4, 'appeals')) k(k, kind);

INSERT INTO ledger_applications
SELECT (u * 10 + 1) * 10000000 + n, u * 10 + 1, 2024, u, 'Sheet1', n + 2,
       'A' || n, rec, ['自然人', '自然人', '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'][1 + h % 8],
       '网络', NULL, NULL, NULL, false, 0,
       rep,
       CASE WHEN rep IS NOT NULL THEN
           ['1', '2', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '4.1', '4.2', '4.3',
            '5.1', '5.2', '5.3', '5.4', '5.5', '6.1', '6.2', '6.3'][1 + (h // 8) % 21] END,
       CASE WHEN h % 13 = 0 THEN 10.0 ELSE 0 END
FROM (
    SELECT i // 30 + 1 AS u, i % 30 AS n, h,
           DATE '2023-11-01' + CAST((h // 200) % 426 AS INTEGER) AS rec,
           CASE WHEN (h // 100000) % 10 < 2 THEN NULL
                ELSE DATE '2023-11-01' + CAST((h // 200) % 426 + (h // 1000) % 60 AS INTEGER) END AS rep
    FROM (SELECT i, CAST(hash(i) >> 1 AS BIGINT) AS h FROM range(0, 300000) t(i))
);

INSERT INTO ledger_documents
SELECT (u * 10 + 2) * 10000000 + n, u * 10 + 2, 2024, u, 'Sheet1', n + 2,
       '文件' || n, '规〔' || n || '〕号', ['规章', '行政规范性文件', '行政规范性文件', '其他政策文件'][1 + h % 4],
       iss, iss, CASE WHEN (h // 7) % 4 = 0 THEN iss + CAST((h // 100) % 900 AS INTEGER) END,
       '主动公开', NULL, NULL, NULL, NULL
FROM (
    SELECT i // 5 + 1 AS u, i % 5 AS n, h, DATE '2020-01-01' + CAST((h // 10) % 1826 AS INTEGER) AS iss
    FROM (SELECT i, CAST(hash(i + 1000000) >> 1 AS BIGINT) AS h FROM range(0, 50000) t(i))
);

INSERT INTO ledger_enforcement
SELECT (u * 10 + 3) * 10000000 + k, u * 10 + 3, 2024, u, 'Sheet1', k + 2, item,
       CASE WHEN item <> '行政事业性收费' THEN hash(u * 4 + k) % 100 END,
       CASE WHEN item = '行政事业性收费' THEN (hash(u) % 100000) / 100.0 END
FROM range(1, 10001) t(u),
     (VALUES (0, '行政许可'), (1, '行政处罚'), (2, '行政强制'), (3, '行政事业性收费')) e(k, item);

INSERT INTO ledger_appeals
SELECT (u * 10 + 4) * 10000000 + n, u * 10 + 4, 2024, u, 'Sheet1', n + 2,
       '案' || n, ['行政复议', '未经复议直接起诉', '复议后起诉'][1 + h % 3],
       DATE '2024-01-01' + CAST((h // 3) % 366 AS INTEGER), ['结果维持', '结果纠正', '其他结果', '尚未审结'][1 + (h // 1000) % 4],
       NULL
FROM (SELECT i // 2 + 1 AS u, i % 2 AS n, CAST(hash(i + 2000000) >> 1 AS BIGINT) AS h FROM range(0, 20000) t(i));

-- Published as gongkai publishes an upload: the cur_* views read the
-- active log (migration 0005).
INSERT INTO batch_active_log SELECT nextval('active_seq'), unit_id, kind, year, batch_id FROM batches ORDER BY batch_id;
