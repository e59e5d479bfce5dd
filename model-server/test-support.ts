import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { ModelConfig, VersionPolicy } from "@/server/tfs/model-config";
import { startModelServer, type ModelServerOptions, type RunningModelServer } from "./start-model-server";

/** Helpers for the dev model server's tests: temp model folders, a quiet server, waiting. */
export const HALF_PLUS_TWO_FIXTURE = path.resolve(import.meta.dirname, "demo-models/half_plus_two/00000123");

const tempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** For afterAll: remove every folder tempDir made in this test file. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) copyTree(path.join(from, e.name), path.join(to, e.name));
    else fs.writeFileSync(path.join(to, e.name), fs.readFileSync(path.join(from, e.name)));
  }
}

// Versions appear atomically (built beside the base path, then renamed in), as a model
// export should; tests of half-written files write in place on purpose.
function publish(basePath: string, version: number | string, fill: (dir: string) => void): string {
  const staging = fs.mkdtempSync(path.join(path.dirname(basePath), ".staging-"));
  fill(staging);
  const target = path.join(basePath, String(version));
  fs.mkdirSync(basePath, { recursive: true });
  fs.renameSync(staging, target);
  return target;
}

export function publishHalfPlusTwo(basePath: string, version: number | string = "00000123"): string {
  return publish(basePath, version, (dir) => copyTree(HALF_PLUS_TWO_FIXTURE, dir));
}

export function publishJsonModel(basePath: string, version: number, model: object): string {
  return publish(basePath, version, (dir) => fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(model)));
}

export function modelConfig(name: string, basePath: string, versionPolicy: VersionPolicy | null = null, versionLabels: Record<string, number> = {}): ModelConfig {
  return { name, basePath, modelPlatform: "tensorflow", versionPolicy, versionLabels };
}

export function startQuietServer(options: ModelServerOptions): Promise<RunningModelServer> {
  return startModelServer({ loadDelayMs: 10, pollIntervalSeconds: 0.05, log: () => undefined, ...options });
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Poll `probe` until it returns a value other than undefined (or throw after `timeoutMs`). */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
