-- The records model (#16), files: the three numbers a mục lục gives a file, its list and classification group, the
-- unit it concerns, how much of each date the list states, and retention as older lists wrote it.
--   file_code      mã hồ sơ, the file's identifier within the fonds (unchanged key)
--   file_number    hồ sơ số, its running number in the mục lục, as written
--   reference      số và ký hiệu hồ sơ, the office's file-plan reference; repeats every year
--   list_number    mục lục số
--   series         the classification group (series heading) the file stands under
--   place_unit_code official code of the unit the file concerns (soft: an unknown code is kept and flagged)
--   start_precision / end_precision  DAY, MONTH or YEAR; the date is the first day of that period
-- Legacy retention ("Lâu dài", "Tạm thời") has no number of years and waits for re-appraisal.

ALTER TABLE files
    ADD COLUMN file_number     text,
    ADD COLUMN reference       text,
    ADD COLUMN list_number     text,
    ADD COLUMN series          text,
    ADD COLUMN place_unit_code text,
    ADD COLUMN start_precision text NOT NULL DEFAULT 'DAY' CHECK (start_precision IN ('DAY', 'MONTH', 'YEAR')),
    ADD COLUMN end_precision   text NOT NULL DEFAULT 'DAY' CHECK (end_precision IN ('DAY', 'MONTH', 'YEAR'));

ALTER TABLE files DROP CONSTRAINT files_retention_check;
ALTER TABLE files ADD CONSTRAINT files_retention_check
    CHECK (retention IN ('PERMANENT', 'FIXED_TERM', 'LEGACY_LONG_TERM', 'LEGACY_TEMPORARY'));
ALTER TABLE files DROP CONSTRAINT files_check;
ALTER TABLE files ADD CONSTRAINT files_retention_years_check
    CHECK ((retention = 'FIXED_TERM') = (retention_years IS NOT NULL) AND (retention_years IS NULL OR retention_years > 0));

-- The mục lục order within a fonds: list, then the file number as written (numeric part first, at most 9 digits so no cast can fail, so 2 < 10 < 10a).
CREATE INDEX files_list_order ON files (fonds_code, list_number, (substring(file_number FROM '^[0-9]{1,9}')::integer), file_number)
    WHERE file_number IS NOT NULL;
-- Files waiting for re-appraisal because their retention is a legacy value.
CREATE INDEX files_legacy_retention ON files (fonds_code) WHERE retention IN ('LEGACY_LONG_TERM', 'LEGACY_TEMPORARY');
