WITH `__duckdb_s0` AS (
  SELECT
    `year`,
    `period`,
    `exporter`,
    `importer`,
    `hs`,
    `value`,
    `duty`,
    `dutiable`,
    CAST(SUBSTRING(`hs`, 1, 2) AS INT64) AS `group`
  FROM `imports`
), `__duckdb_s1` AS (
  SELECT
    `exporter`,
    `period`,
    `group`,
    CAST(COALESCE(SUM(`value`), 0) AS INT64) AS `value`,
    CAST(COALESCE(SUM(`duty`), 0) AS INT64) AS `duty`,
    CAST(COALESCE(SUM(`dutiable`), 0) AS INT64) AS `dutiable`
  FROM `__duckdb_s0` AS `imports`
  GROUP BY
    `exporter`,
    `period`,
    `group`
), `__duckdb_s2` AS (
  SELECT
    `exporter` AS `exporter`,
    `period` AS `period`,
    `group` AS `group`,
    `value`,
    `duty`,
    `dutiable`
  FROM `__duckdb_s1` AS `imports`
), `__duckdb_s3` AS (
  SELECT
    `exporter`,
    `period`,
    `group`,
    `value`,
    `duty`,
    `dutiable`,
    (
      (
        CASE
          WHEN (
            (
              NOT (
                `value` IS NULL
              )
            ) AND (
              `value` <> 0
            )
          )
          THEN (
            CAST(`duty` AS FLOAT64) / CAST(`value` AS FLOAT64)
          )
          ELSE NULL
        END
      ) * 100
    ) AS `rate_pct`
  FROM `__duckdb_s2` AS `imports`
)
SELECT
  `exporter`,
  `period`,
  `group`,
  `value`,
  `duty`,
  `dutiable`,
  `rate_pct`,
  (
    (
      CASE
        WHEN (
          (
            NOT (
              `dutiable` IS NULL
            )
          ) AND (
            `dutiable` <> 0
          )
        )
        THEN (
          CAST(`duty` AS FLOAT64) / CAST(`dutiable` AS FLOAT64)
        )
        ELSE NULL
      END
    ) * 100
  ) AS `rate_on_dutiable_pct`,
  (
    (
      CASE
        WHEN (
          (
            NOT (
              `value` IS NULL
            )
          ) AND (
            `value` <> 0
          )
        )
        THEN (
          CAST(`dutiable` AS FLOAT64) / CAST(`value` AS FLOAT64)
        )
        ELSE NULL
      END
    ) * 100
  ) AS `dutiable_share_pct`
FROM `__duckdb_s3` AS `imports`