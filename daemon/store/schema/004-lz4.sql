-- sori's PostgreSQL schema, version 4: catalogues compressed with lz4, not pglz:
-- a city's migrate twice as fast
-- SPDX-License-Identifier: LGPL-2.1-or-later

ALTER TABLE sori_revisions ALTER COLUMN document SET COMPRESSION lz4;
