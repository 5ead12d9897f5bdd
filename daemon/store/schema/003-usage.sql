-- sori's PostgreSQL schema, version 3: usage counts of every node, the releases
-- drawn from them, when counting began
-- SPDX-License-Identifier: LGPL-2.1-or-later

CREATE TABLE sori_usage (
  venue text NOT NULL, day date NOT NULL, key text NOT NULL, count bigint NOT NULL,
  PRIMARY KEY (venue, day, key));

CREATE TABLE sori_usage_releases (
  venue text NOT NULL, period text NOT NULL, first_day date NOT NULL,
  document text NOT NULL, PRIMARY KEY (venue, period, first_day));

CREATE TABLE sori_usage_since (venue text PRIMARY KEY, day date NOT NULL);
