-- sori's PostgreSQL schema, version 5: what an idle venue keeps (its name,
-- languages, licence, beacons), for each live catalogue, so that a node
-- starts a city without parsing every venue. Written by the nodes and by
-- sorictl migrate; a summary in a format a node does not know is ignored.
-- SPDX-License-Identifier: LGPL-2.1-or-later

CREATE TABLE sori_summaries (
  venue text NOT NULL, digest text NOT NULL, format text NOT NULL,
  summary text NOT NULL,
  PRIMARY KEY (venue, digest, format));
