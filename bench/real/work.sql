-- A fixed sqlite3 workload for bench/real.py: bulk insert, index, joins, aggregates.
CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v TEXT);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000)
INSERT INTO t SELECT x, (x * 7919) % 1009, printf('row-%d', x) FROM c;
CREATE INDEX tk ON t(k);
SELECT count(*), sum(k), max(length(v)) FROM t;
SELECT k, count(*) FROM t GROUP BY k ORDER BY count(*) DESC, k LIMIT 3;
SELECT count(*) FROM t a JOIN t b ON a.k = b.k AND b.id = a.id + 1009;
SELECT sum(length(group_concat)) FROM (SELECT group_concat(v) AS group_concat FROM t GROUP BY k % 50);
