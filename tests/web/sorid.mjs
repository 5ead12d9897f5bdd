// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// A sorid of the browser tests' own: the sample venues copied to a temporary
// folder, a free port on 127.0.0.1, one speech worker.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const sourceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SORID = process.env.SORID || path.join(sourceRoot, 'build', 'daemon', 'sorid');
export const ARTIFACTS = process.env.SORI_ARTIFACTS || path.join(sourceRoot, 'build', 'web-screenshots');

/*
 * Debian's Chromium as the tests run it: no sandbox as root; /tmp rather than
 * a container's small /dev/shm; no calls home, which this machine's closed
 * network would refuse; through the TLS front (SORI_TLS), its test
 * certificate is the one to trust.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-sync', '--disable-background-networking', '--disable-component-update',
  '--mute-audio', ...(process.env.SORI_TLS ? ['--ignore-certificate-errors'] : [])];

/** A JSON answer of sorid's at @origin, which must be 200. */
export async function getJson(origin, pathname) {
  const response = await fetch(origin + pathname);
  if (response.status !== 200) throw new Error(`${pathname}: HTTP ${response.status}`);
  return response.json();
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls @url until it answers 200, or @child exits, or @seconds pass. */
export async function waitFor(url, child, seconds, what) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch (err) {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not answer ${url} within ${seconds} s`);
}

/** Polls sorid's /healthz until its venues are read ("status" is no longer "loading"). */
async function waitLoaded(origin, child, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sorid exited with ${child.exitCode}`);
    if ((await (await fetch(`${origin}/healthz`)).json()).status !== 'loading') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sorid's venues were still loading after ${seconds} s`);
}

/**
 * Starts sorid; resolves to {origin, tmp, stop()}. @conf: more sorid.conf
 * lines; @env: its environment's additions (a private system bus, say).
 */
export async function startSorid({ conf = [], env = {}, venues: more = [] } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-web-'));
  const venues = path.join(tmp, 'venues');
  fs.mkdirSync(venues);
  // the catalogues only: not the state a quick start's sorid keeps beside them (.sori/)
  for (const name of fs.readdirSync(path.join(sourceRoot, 'data', 'venues')).filter((n) => n.endsWith('.json'))) {
    fs.copyFileSync(path.join(sourceRoot, 'data', 'venues', name), path.join(venues, name));
  }
  // and any a test adds (tests/data/languages-museum.json)
  for (const file of more) fs.copyFileSync(file, path.join(venues, path.basename(file)));
  // and the pictures the sample venues ship as their own media
  fs.cpSync(path.join(sourceRoot, 'data', 'venues', 'media'), path.join(venues, 'media'), { recursive: true });
  const port = await freePort();
  fs.writeFileSync(path.join(tmp, 'sorid.conf'), [
    '[sorid]', `data-dir=${venues}`, 'address=127.0.0.1', `port=${port}`,
    `cache-dir=${path.join(tmp, 'cache')}`, 'speech-workers=1', ...conf, '',
  ].join('\n'));
  const child = spawn(SORID, ['--config', path.join(tmp, 'sorid.conf')],
    { stdio: ['ignore', 'ignore', 'inherit'], env: Object.assign({}, process.env, env) });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(`${origin}/healthz`, child, 20, 'sorid');
  // and every venue read: /healthz answers 200 while they load, and a venue
  // still loading answers 503 venue-loading
  await waitLoaded(origin, child, 20);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // SORI_TLS: the whole suite through the TLS front a venue runs
  const front = process.env.SORI_TLS ? await startFront(tmp, port) : null;
  return {
    origin: front ? front.origin : origin,
    tmp,
    async stop() {
      for (const process_ of [front && front.child, child]) {
        if (process_ && process_.exitCode === null) {
          process_.kill('SIGTERM');
          await new Promise((r) => process_.once('exit', r));
        }
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * nginx with data/nginx/sori.conf as shipped, a test certificate for
 * localhost, in front of the sorid on @soridPort; resolves to {origin, child}.
 */
async function startFront(tmp, soridPort) {
  const httpPort = await freePort();
  const httpsPort = await freePort();
  const cert = path.join(tmp, 'cert.pem');
  const key = path.join(tmp, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', key, '-out', cert],
  { stdio: 'ignore' });
  if (made.status !== 0) throw new Error('openssl could not make a test certificate');
  fs.chmodSync(tmp, 0o755); // nginx's workers read the certificate's folder's neighbours
  const conf = fs.readFileSync(path.join(sourceRoot, 'data', 'nginx', 'sori.conf'), 'utf8')
    .replace('server 127.0.0.1:8080;', `server 127.0.0.1:${soridPort};`)
    .replace(/^\s*listen \[::\].*$/gm, '')
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace('/etc/letsencrypt/live/guide.example.org/fullchain.pem', cert)
    .replace('/etc/letsencrypt/live/guide.example.org/privkey.pem', key)
    .replaceAll('server_name guide.example.org;', 'server_name localhost;');
  fs.writeFileSync(path.join(tmp, 'sori-nginx.conf'), conf);
  const temp = (name) => `${name}_temp_path ${path.join(tmp, name)};`;
  fs.writeFileSync(path.join(tmp, 'nginx.conf'), [
    'worker_processes 1;', 'daemon off;', `pid ${path.join(tmp, 'nginx.pid')};`,
    `error_log ${path.join(tmp, 'nginx.err')};`, 'events { worker_connections 512; }',
    'http {', 'include /etc/nginx/mime.types;', temp('client_body'), temp('proxy'), temp('fastcgi'),
    temp('uwsgi'), temp('scgi'), `include ${path.join(tmp, 'sori-nginx.conf')};`, '}', '',
  ].join('\n'));
  const nginx = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  const child = spawn(nginx, ['-c', path.join(tmp, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const origin = `https://localhost:${httpsPort}`;
  // the harness's own requests trust the test certificate; the browser is told to
  process.env.NODE_EXTRA_CA_CERTS = cert;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  await waitFor(`${origin}/healthz`, child, 20, 'nginx');
  return { origin, child };
}

/**
 * The usage batches a page sends: sendBeacon and fetch to /usage, watched in
 * the page and kept in its localStorage (across its navigations) as they are
 * sent, since a beacon's body is not always visible from outside (through
 * the TLS front it is not).
 */
export async function usageBatches(page) {
  await page.addInitScript(() => {
    const keep = (text) => {
      const sent = JSON.parse(localStorage.getItem('test.usage-sent') || '[]');
      sent.push(JSON.parse(text));
      localStorage.setItem('test.usage-sent', JSON.stringify(sent));
    };
    const texts = new WeakMap();
    const NativeBlob = window.Blob;
    window.Blob = class extends NativeBlob {
      constructor(parts, options) {
        super(parts, options);
        if (parts && parts.every((part) => typeof part === 'string')) texts.set(this, parts.join(''));
      }
    };
    const beacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      if (String(url).endsWith('/usage')) keep(texts.get(data) || (typeof data === 'string' ? data : '{}'));
      return beacon(url, data);
    };
    const nativeFetch = window.fetch.bind(window);
    window.fetch = (url, init) => {
      if (String(url).endsWith('/usage') && init && init.body) keep(texts.get(init.body) || String(init.body));
      return nativeFetch(url, init);
    };
  });
  return () => page.evaluate(() => JSON.parse(localStorage.getItem('test.usage-sent') || '[]'));
}
