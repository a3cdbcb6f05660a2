WITH `__duckdb_s0` AS (
  SELECT
    `hs`,
    COUNT() AS `_n`
  FROM `imports`
  GROUP BY
    `hs`
), `__duckdb_s1` AS (
  SELECT
    `hs` AS `hs`,
    `_n`
  FROM `__duckdb_s0` AS `imports`
), `__duckdb_s2` AS (
  SELECT
    `hs`
  FROM `__duckdb_s1` AS `imports`
), `__duckdb_s3` AS (
  SELECT
    `hs`,
    SUBSTRING(`hs`, 1, 4) AS `key`
  FROM `__duckdb_s2` AS `imports`
), `__duckdb_s4` AS (
  SELECT
    `action` AS `action`,
    `code` AS `key`
  FROM `action_lists`
  WHERE
    (
      (
        `digits` = 4
      )
    )
), `__duckdb_s5` AS (
  SELECT
    `lhs`.`hs`,
    `lhs`.`key`,
    `action`
  FROM `__duckdb_s3` AS `lhs`
  INNER JOIN `__duckdb_s4` AS `rhs`
    ON (
      `lhs`.`key` = `rhs`.`key`
    )
), `__duckdb_s6` AS (
  SELECT
    `action`,
    `hs`
  FROM `__duckdb_s5` AS `imports`
), `__duckdb_s7` AS (
  SELECT
    `hs`,
    SUBSTRING(`hs`, 1, 6) AS `key`
  FROM `__duckdb_s2` AS `imports`
), `__duckdb_s8` AS (
  SELECT
    `action` AS `action`,
    `code` AS `key`
  FROM `action_lists`
  WHERE
    (
      (
        `digits` = 6
      )
    )
), `__duckdb_s9` AS (
  SELECT
    `lhs`.`hs`,
    `lhs`.`key`,
    `action`
  FROM `__duckdb_s7` AS `lhs`
  INNER JOIN `__duckdb_s8` AS `rhs`
    ON (
      `lhs`.`key` = `rhs`.`key`
    )
), `__duckdb_s10` AS (
  SELECT
    `action`,
    `hs`
  FROM `__duckdb_s9` AS `imports`
), `__duckdb_s11` AS (
  SELECT
    *
  FROM `__duckdb_s6` AS `imports`
  UNION ALL
  SELECT
    *
  FROM `__duckdb_s10` AS `imports`
), `__duckdb_s12` AS (
  SELECT
    `hs`,
    SUBSTRING(`hs`, 1, 8) AS `key`
  FROM `__duckdb_s2` AS `imports`
), `__duckdb_s13` AS (
  SELECT
    `action` AS `action`,
    `code` AS `key`
  FROM `action_lists`
  WHERE
    (
      (
        `digits` = 8
      )
    )
), `__duckdb_s14` AS (
  SELECT
    `lhs`.`hs`,
    `lhs`.`key`,
    `action`
  FROM `__duckdb_s12` AS `lhs`
  INNER JOIN `__duckdb_s13` AS `rhs`
    ON (
      `lhs`.`key` = `rhs`.`key`
    )
), `__duckdb_s15` AS (
  SELECT
    `action`,
    `hs`
  FROM `__duckdb_s14` AS `imports`
), `__duckdb_s16` AS (
  SELECT
    *
  FROM `__duckdb_s11` AS `imports`
  UNION ALL
  SELECT
    *
  FROM `__duckdb_s15` AS `imports`
), `__duckdb_s17` AS (
  SELECT
    `hs`,
    SUBSTRING(`hs`, 1, 10) AS `key`
  FROM `__duckdb_s2` AS `imports`
), `__duckdb_s18` AS (
  SELECT
    `action` AS `action`,
    `code` AS `key`
  FROM `action_lists`
  WHERE
    (
      (
        `digits` = 10
      )
    )
), `__duckdb_s19` AS (
  SELECT
    `lhs`.`hs`,
    `lhs`.`key`,
    `action`
  FROM `__duckdb_s17` AS `lhs`
  INNER JOIN `__duckdb_s18` AS `rhs`
    ON (
      `lhs`.`key` = `rhs`.`key`
    )
), `__duckdb_s20` AS (
  SELECT
    `action`,
    `hs`
  FROM `__duckdb_s19` AS `imports`
), `__duckdb_s21` AS (
  SELECT
    *
  FROM `__duckdb_s16` AS `imports`
  UNION ALL
  SELECT
    *
  FROM `__duckdb_s20` AS `imports`
), `__duckdb_s22` AS (
  SELECT
    `action`,
    `hs`,
    COUNT() AS `_n`
  FROM `__duckdb_s21` AS `imports`
  GROUP BY
    `action`,
    `hs`
), `__duckdb_s23` AS (
  SELECT
    `action` AS `action`,
    `hs` AS `hs`,
    `_n`
  FROM `__duckdb_s22` AS `imports`
), `__duckdb_s24` AS (
  SELECT
    `action`,
    `hs`
  FROM `__duckdb_s23` AS `imports`
), `__duckdb_s25` AS (
  SELECT
    `lhs`.`year`,
    `lhs`.`period`,
    `lhs`.`exporter`,
    `lhs`.`importer`,
    `lhs`.`hs`,
    `lhs`.`value`,
    `lhs`.`duty`,
    `lhs`.`dutiable`,
    `action`
  FROM `imports` AS `lhs`
  INNER JOIN `__duckdb_s24` AS `rhs`
    ON (
      `lhs`.`hs` = `rhs`.`hs`
    )
), `__duckdb_s26` AS (
  SELECT
    `action`,
    `exporter`,
    `period`,
    CAST(COALESCE(SUM(`value`), 0) AS INT64) AS `value`,
    `add`(
      (
        COUNT(DISTINCT `hs`)
      ),
      MAX((
        CASE WHEN (
          `hs` IS NULL
        ) THEN 1 ELSE 0 END
      ))
    ) AS `lines`
  FROM `__duckdb_s25` AS `imports`
  GROUP BY
    `action`,
    `exporter`,
    `period`
), `__duckdb_s27` AS (
  SELECT
    `action` AS `action`,
    `exporter` AS `exporter`,
    `period` AS `period`,
    `value`,
    `lines`
  FROM `__duckdb_s26` AS `imports`
), `__duckdb_s28` AS (
  SELECT
    `action`,
    `exporter`,
    `period`,
    `value` AS `listed`,
    `lines`
  FROM `__duckdb_s27` AS `imports`
), `__duckdb_s29` AS (
  SELECT
    `exporter`,
    `period`,
    CAST(COALESCE(SUM(`value`), 0) AS INT64) AS `value`
  FROM `imports`
  GROUP BY
    `exporter`,
    `period`
), `__duckdb_s30` AS (
  SELECT
    `exporter` AS `exporter`,
    `period` AS `period`,
    `value`
  FROM `__duckdb_s29` AS `imports`
), `__duckdb_s31` AS (
  SELECT
    `exporter`,
    `period`,
    `value` AS `total`
  FROM `__duckdb_s30` AS `imports`
), `__duckdb_s32` AS (
  SELECT
    `lhs`.`action`,
    `lhs`.`exporter`,
    `lhs`.`period`,
    `lhs`.`listed`,
    `lhs`.`lines`,
    `total`
  FROM `__duckdb_s28` AS `lhs`
  INNER JOIN `__duckdb_s31` AS `rhs`
    ON (
      (
        `lhs`.`exporter` = `rhs`.`exporter`
      )
      AND (
        `lhs`.`period` = `rhs`.`period`
      )
    )
)
SELECT
  `action`,
  `exporter`,
  `period`,
  `listed`,
  `lines`,
  `total`,
  (
    (
      CASE
        WHEN (
          (
            NOT (
              `total` IS NULL
            )
          ) AND (
            `total` <> 0
          )
        )
        THEN (
          CAST(`listed` AS FLOAT64) / CAST(`total` AS FLOAT64)
        )
        ELSE NULL
      END
    ) * 100
  ) AS `share_pct`
FROM `__duckdb_s32` AS `imports`