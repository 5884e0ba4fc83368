/**
 * A throwaway OCI registry (Debian's docker-registry, distribution 2.8) on
 * 127.0.0.1, for pushing built images and pulling them back.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ensureTools, tail } from './tools';

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/** A running registry. */
export interface Registry {
  /** `127.0.0.1:PORT`, to use as `docker://ADDRESS/name:tag` with `--tls-verify=false`. */
  readonly address: string;
  /** Stops the registry and deletes everything pushed to it. */
  stop(): Promise<void>;
}

/**
 * Starts a registry on a free port of 127.0.0.1, storing into a new temp dir,
 * and resolves once `/v2/` answers. On failure nothing is left running.
 */
export async function startRegistry(): Promise<Registry> {
  ensureTools();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnpg-e2e-registry-'));
  const logFile = path.join(dir, 'registry.log');
  let child: ChildProcess | undefined;
  // A registry left behind by a crashing test would hold its port and temp dir.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child) await terminate(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const address = `127.0.0.1:${await freePort()}`;
    const configFile = writeConfig(dir, address);
    const log = fs.openSync(logFile, 'w');
    try {
      child = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', log, log] });
    } finally {
      fs.closeSync(log);
    }
    await waitUntilReady(child, address, logFile);
    return { address, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Writes the registry's configuration (JSON is valid YAML) and returns its path. */
function writeConfig(dir: string, address: string): string {
  const config = {
    version: 0.1,
    log: { level: 'warn' },
    storage: { filesystem: { rootdirectory: path.join(dir, 'storage') }, delete: { enabled: true } },
    http: { addr: address },
  };
  const file = path.join(dir, 'config.yml');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** A port that was free a moment ago (the registry takes it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(child: ChildProcess, address: string, logFile: string): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ? `was killed by ${signal}` : `exited with status ${code}`));
  child.once('error', (error) => (exited = `could not start: ${error.message}`));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(`http://${address}/v2/`))) {
    const problem = exited ?? (Date.now() > deadline ? `did not answer on ${address} within ${READY_TIMEOUT_MS} ms` : undefined);
    if (problem) throw new Error(`docker-registry ${problem}:\n${tail(fs.readFileSync(logFile, 'utf8'), 20)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether `url` answers 200 to a GET. */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

/** Sends SIGTERM, then SIGKILL if the process has not exited after a while. */
async function terminate(child: ChildProcess): Promise<void> {
  const gone = child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
  if (gone) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
