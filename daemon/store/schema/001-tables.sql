-- sori's PostgreSQL schema, version 1: venues, revisions, the live pointers,
-- audit, tokens, media
-- SPDX-License-Identifier: LGPL-2.1-or-later

CREATE TABLE sori_revisions (
  venue text NOT NULL, id text NOT NULL, digest text NOT NULL,
  document text NOT NULL, created timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (venue, id));

CREATE TABLE sori_live (
  venue text PRIMARY KEY, revision text NOT NULL,
  changed timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (venue, revision) REFERENCES sori_revisions (venue, id));

CREATE TABLE sori_audit (
  id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(),
  who text, venue text NOT NULL, action text NOT NULL, revision text);

CREATE TABLE sori_tokens (id integer PRIMARY KEY CHECK (id = 1), document text NOT NULL);

CREATE TABLE sori_media (
  name text PRIMARY KEY, size bigint NOT NULL, created timestamptz NOT NULL DEFAULT now());

CREATE TABLE sori_media_chunks (
  name text NOT NULL REFERENCES sori_media ON DELETE CASCADE, n integer NOT NULL,
  data bytea NOT NULL, PRIMARY KEY (name, n));
