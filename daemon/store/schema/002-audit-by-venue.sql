-- sori's PostgreSQL schema, version 2: a venue's history without reading everyone's
-- SPDX-License-Identifier: LGPL-2.1-or-later

CREATE INDEX sori_audit_venue ON sori_audit (venue, id);
