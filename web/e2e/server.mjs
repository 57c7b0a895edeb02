// Test fixtures: build the policygraph binary, ingest the dev corpus into a
// temporary data dir, serve it on a free loopback port, and launch Debian's
// Chromium through playwright-core.
import { spawn, execFile } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const run = promisify(execFile);

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const outDir = path.join(repoRoot, '.build', 'e2e');

/** The dev corpus: $POLICYGRAPH_DEV_CORPUS, else ../shared/corpus/dev beside the repo. */
export function corpusDir() {
  const candidates = [
    process.env.POLICYGRAPH_DEV_CORPUS,
    path.resolve(repoRoot, '..', 'shared', 'corpus', 'dev'),
  ].filter(Boolean);
  const found = candidates.find((d) => existsSync(d));
  if (!found) throw new Error(`dev corpus not found; set POLICYGRAPH_DEV_CORPUS (looked in ${candidates.join(', ')})`);
  return found;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url, child, ms) {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      const body = await res.json();
      if (res.ok && body.status === 'ready') return body;
      last = JSON.stringify(body);
    } catch (err) {
      last = String(err?.message ?? err);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready after ${ms} ms: ${last}`);
}

/** Builds, ingests and serves; returns {url, ready, stop}. */
export async function startServer() {
  await mkdir(outDir, { recursive: true });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'policygraph-e2e-'));
  const bin = path.join(tmp, 'policygraph');
  const dataDir = path.join(tmp, 'data');
  await run('go', ['build', '-o', bin, './cmd/policygraph'], { cwd: repoRoot, maxBuffer: 16 << 20 });
  await run(bin, ['ingest', '--data-dir', dataDir, corpusDir()], { cwd: repoRoot, maxBuffer: 16 << 20 });
  const port = await freePort();
  const log = createWriteStream(path.join(outDir, 'server.log'));
  const child = spawn(bin, ['serve', '--data-dir', dataDir, '--addr', `127.0.0.1:${port}`], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  let ready;
  try {
    ready = await waitReady(url, child, 30000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await rm(tmp, { recursive: true, force: true });
  };
  return { url, ready, stop };
}

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A fresh Chromium profile, headless; returns {context, close}. */
export async function launchBrowser() {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'policygraph-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  const close = async () => {
    await context.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
  };
  return { context, close };
}
