WITH `__duckdb_s0` AS (
  SELECT
    `year`,
    `period`,
    `exporter`,
    `importer`,
    `hs`,
    `value`,
    CAST(SUBSTRING(`hs`, 1, 2) AS INT64) AS `_chapter`
  FROM `flows`
), `__duckdb_s1` AS (
  SELECT
    `year`,
    `period`,
    `exporter`,
    `importer`,
    `hs`,
    `value`,
    `_chapter`,
    (
      CASE
        WHEN (
          `_chapter` >= 1
        )
        THEN (
          CASE
            WHEN (
              (
                `_chapter` >= 1
              ) AND (
                `_chapter` <= 5
              )
            )
            THEN CAST(1 AS INT64)
            ELSE (
              CASE
                WHEN (
                  `_chapter` <= 14
                )
                THEN CAST(2 AS INT64)
                ELSE (
                  CASE
                    WHEN (
                      `_chapter` <= 15
                    )
                    THEN CAST(3 AS INT64)
                    ELSE (
                      CASE
                        WHEN (
                          `_chapter` <= 24
                        )
                        THEN CAST(4 AS INT64)
                        ELSE (
                          CASE
                            WHEN (
                              `_chapter` <= 27
                            )
                            THEN CAST(5 AS INT64)
                            ELSE (
                              CASE
                                WHEN (
                                  `_chapter` <= 38
                                )
                                THEN CAST(6 AS INT64)
                                ELSE (
                                  CASE
                                    WHEN (
                                      `_chapter` <= 40
                                    )
                                    THEN CAST(7 AS INT64)
                                    ELSE (
                                      CASE
                                        WHEN (
                                          `_chapter` <= 43
                                        )
                                        THEN CAST(8 AS INT64)
                                        ELSE (
                                          CASE
                                            WHEN (
                                              `_chapter` <= 46
                                            )
                                            THEN CAST(9 AS INT64)
                                            ELSE (
                                              CASE
                                                WHEN (
                                                  `_chapter` <= 49
                                                )
                                                THEN CAST(10 AS INT64)
                                                ELSE (
                                                  CASE
                                                    WHEN (
                                                      `_chapter` <= 63
                                                    )
                                                    THEN CAST(11 AS INT64)
                                                    ELSE (
                                                      CASE
                                                        WHEN (
                                                          `_chapter` <= 67
                                                        )
                                                        THEN CAST(12 AS INT64)
                                                        ELSE (
                                                          CASE
                                                            WHEN (
                                                              `_chapter` <= 70
                                                            )
                                                            THEN CAST(13 AS INT64)
                                                            ELSE (
                                                              CASE
                                                                WHEN (
                                                                  `_chapter` <= 71
                                                                )
                                                                THEN CAST(14 AS INT64)
                                                                ELSE (
                                                                  CASE
                                                                    WHEN (
                                                                      `_chapter` <= 83
                                                                    )
                                                                    THEN CAST(15 AS INT64)
                                                                    ELSE (
                                                                      CASE
                                                                        WHEN (
                                                                          `_chapter` <= 85
                                                                        )
                                                                        THEN CAST(16 AS INT64)
                                                                        ELSE (
                                                                          CASE
                                                                            WHEN (
                                                                              `_chapter` <= 89
                                                                            )
                                                                            THEN CAST(17 AS INT64)
                                                                            ELSE (
                                                                              CASE
                                                                                WHEN (
                                                                                  `_chapter` <= 92
                                                                                )
                                                                                THEN CAST(18 AS INT64)
                                                                                ELSE (
                                                                                  CASE
                                                                                    WHEN (
                                                                                      `_chapter` <= 93
                                                                                    )
                                                                                    THEN CAST(19 AS INT64)
                                                                                    ELSE (
                                                                                      CASE
                                                                                        WHEN (
                                                                                          `_chapter` <= 96
                                                                                        )
                                                                                        THEN CAST(20 AS INT64)
                                                                                        ELSE (
                                                                                          CASE
                                                                                            WHEN (
                                                                                              `_chapter` <= 97
                                                                                            )
                                                                                            THEN CAST(21 AS INT64)
                                                                                            ELSE (
                                                                                              CASE WHEN (
                                                                                                `_chapter` <= 99
                                                                                              ) THEN CAST(22 AS INT64) ELSE CAST(NULL AS INT64) END
                                                                                            )
                                                                                          END
                                                                                        )
                                                                                      END
                                                                                    )
                                                                                  END
                                                                                )
                                                                              END
                                                                            )
                                                                          END
                                                                        )
                                                                      END
                                                                    )
                                                                  END
                                                                )
                                                              END
                                                            )
                                                          END
                                                        )
                                                      END
                                                    )
                                                  END
                                                )
                                              END
                                            )
                                          END
                                        )
                                      END
                                    )
                                  END
                                )
                              END
                            )
                          END
                        )
                      END
                    )
                  END
                )
              END
            )
          END
        )
        ELSE NULL
      END
    ) AS `group`
  FROM `__duckdb_s0` AS `flows`
), `__duckdb_s2` AS (
  SELECT
    `year`,
    `period`,
    `exporter`,
    `importer`,
    `hs`,
    `value`,
    `group`
  FROM `__duckdb_s1` AS `flows`
), `__duckdb_s3` AS (
  SELECT
    `year`,
    `period`,
    `exporter`,
    `importer`,
    `hs`,
    `value`,
    `group`,
    (
      CASE
        WHEN (
          (
            CONTAINS_SUBSTR(['CAN', 'MEX', 'USA'], `exporter`)
            AND CONTAINS_SUBSTR(['CAN', 'MEX', 'USA'], `importer`)
          )
          AND (
            `exporter` <> `importer`
          )
        )
        THEN `value`
        ELSE CAST(0 AS INT64)
      END
    ) AS `intra`,
    (
      CASE
        WHEN CONTAINS_SUBSTR(['CAN', 'MEX', 'USA'], `exporter`)
        THEN `value`
        ELSE CAST(0 AS INT64)
      END
    ) AS `bloc_x`,
    (
      CASE
        WHEN CONTAINS_SUBSTR(['CAN', 'MEX', 'USA'], `importer`)
        THEN `value`
        ELSE CAST(0 AS INT64)
      END
    ) AS `bloc_m`
  FROM `__duckdb_s2` AS `flows`
), `__duckdb_s4` AS (
  SELECT
    `year`,
    `group`,
    CAST(COALESCE(SUM(`intra`), 0) AS INT64) AS `intra`,
    CAST(COALESCE(SUM(`bloc_x`), 0) AS INT64) AS `bloc_x`,
    CAST(COALESCE(SUM(`bloc_m`), 0) AS INT64) AS `bloc_m`,
    CAST(COALESCE(SUM(`value`), 0) AS INT64) AS `value`
  FROM `__duckdb_s3` AS `flows`
  GROUP BY
    `year`,
    `group`
), `__duckdb_s5` AS (
  SELECT
    `year` AS `year`,
    `group` AS `group`,
    `intra`,
    `bloc_x`,
    `bloc_m`,
    `value`
  FROM `__duckdb_s4` AS `flows`
), `__duckdb_s6` AS (
  SELECT
    `year`,
    `group`,
    `intra`,
    `bloc_x`,
    `bloc_m`,
    `value`,
    (
      `bloc_x` + `bloc_m`
    ) AS `bloc_trade`,
    (
      `value` * 2
    ) AS `world`
  FROM `__duckdb_s5` AS `flows`
), `__duckdb_s7` AS (
  SELECT
    `year`,
    `group`,
    `intra`,
    `bloc_x`,
    `bloc_m`,
    `value`,
    `bloc_trade`,
    `world`,
    (
      CASE
        WHEN (
          (
            NOT (
              `bloc_trade` IS NULL
            )
          ) AND (
            `bloc_trade` <> 0
          )
        )
        THEN (
          CAST((
            `intra` * 2
          ) AS FLOAT64) / CAST(`bloc_trade` AS FLOAT64)
        )
        ELSE NULL
      END
    ) AS `s`,
    (
      CASE
        WHEN (
          (
            NOT (
              `world` IS NULL
            )
          ) AND (
            `world` <> 0
          )
        )
        THEN (
          CAST(`bloc_trade` AS FLOAT64) / CAST(`world` AS FLOAT64)
        )
        ELSE NULL
      END
    ) AS `w`
  FROM `__duckdb_s6` AS `flows`
), `__duckdb_s8` AS (
  SELECT
    `year`,
    `group`,
    `intra`,
    `bloc_x`,
    `bloc_m`,
    `value`,
    `bloc_trade`,
    `world`,
    `s`,
    `w`,
    (
      CASE
        WHEN (
          (
            NOT (
              `w` IS NULL
            )
          ) AND (
            `w` <> 0
          )
        )
        THEN (
          CAST(`s` AS FLOAT64) / CAST(`w` AS FLOAT64)
        )
        ELSE NULL
      END
    ) AS `intensity`,
    (
      CASE
        WHEN (
          `w` < 1
        )
        THEN (
          (
            1 - `s`
          ) / (
            1 - `w`
          )
        )
        ELSE NULL
      END
    ) AS `he`
  FROM `__duckdb_s7` AS `flows`
), `__duckdb_s9` AS (
  SELECT
    `year`,
    `group`,
    `intra`,
    `bloc_x`,
    `bloc_m`,
    `value`,
    `bloc_trade`,
    `world`,
    `s`,
    `w`,
    `intensity`,
    `he`,
    (
      CASE
        WHEN (
          (
            NOT (
              (
                `intensity` + `he`
              ) IS NULL
            )
          )
          AND (
            (
              `intensity` + `he`
            ) <> 0
          )
        )
        THEN (
          CAST((
            `intensity` - `he`
          ) AS FLOAT64) / CAST((
            `intensity` + `he`
          ) AS FLOAT64)
        )
        ELSE NULL
      END
    ) AS `introversion`
  FROM `__duckdb_s8` AS `flows`
), `__duckdb_s10` AS (
  SELECT
    `year`,
    `group`,
    `intra`,
    `bloc_x`,
    `bloc_m`,
    `value`,
    `bloc_trade`,
    `world`,
    `s`,
    `w`,
    `intensity`,
    `he`,
    `introversion`,
    (
      `s` * 100
    ) AS `intra_share_pct`
  FROM `__duckdb_s9` AS `flows`
)
SELECT
  `year`,
  `group`,
  `intra`,
  `bloc_trade`,
  `world`,
  `intra_share_pct`,
  `intensity`,
  `introversion`
FROM `__duckdb_s10` AS `flows`