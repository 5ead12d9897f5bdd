// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// A sorid of the browser tests' own: the sample venues copied to a temporary
// folder, a free port on 127.0.0.1, one speech worker.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const sourceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SORID = process.env.SORID || path.join(sourceRoot, 'build', 'daemon', 'sorid');
export const ARTIFACTS = process.env.SORI_ARTIFACTS || path.join(sourceRoot, 'build', 'web-screenshots');

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

/** Starts sorid; resolves to {origin, tmp, stop()}. */
export async function startSorid() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-web-'));
  const venues = path.join(tmp, 'venues');
  fs.mkdirSync(venues);
  for (const name of fs.readdirSync(path.join(sourceRoot, 'data', 'venues'))) {
    fs.copyFileSync(path.join(sourceRoot, 'data', 'venues', name), path.join(venues, name));
  }
  const port = await freePort();
  fs.writeFileSync(path.join(tmp, 'sorid.conf'), [
    '[sorid]', `data-dir=${venues}`, 'address=127.0.0.1', `port=${port}`,
    `cache-dir=${path.join(tmp, 'cache')}`, 'speech-workers=1', '',
  ].join('\n'));
  const child = spawn(SORID, ['--config', path.join(tmp, 'sorid.conf')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(`${origin}/healthz`, child, 20, 'sorid');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    origin,
    tmp,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
