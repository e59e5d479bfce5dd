import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A real etcd for integration tests: its own process on free loopback ports with a temp data
 * dir. `stop()` kills the process and keeps the data (a fault test then `restart()`s it on the
 * same ports, so clients reconnect to the same endpoint); `dispose()` removes everything.
 */
export interface TestEtcd {
  endpoint: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

const ETCD_BIN = process.env.ETCD_BIN ?? "/usr/bin/etcd";

export async function startEtcd(): Promise<TestEtcd> {
  if (!existsSync(ETCD_BIN)) throw new Error(`${ETCD_BIN} is missing: apt-get install -y etcd-server`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "etcd-test-"));
  const [clientPort, peerPort] = await freePorts(2);
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    "--name=test",
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${endpoint}`,
    `--advertise-client-urls=${endpoint}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=test=${peer}`,
    "--initial-cluster-state=new",
    "--logger=zap",
    "--log-level=error",
  ];

  let child: ChildProcess | null = null;
  const launch = async () => {
    const output: string[] = [];
    const started = spawn(ETCD_BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
    started.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    started.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child = started;
    const exited = new Promise<never>((_, reject) =>
      started.once("exit", (code) => reject(new Error(`etcd exited with ${code} before it was healthy:\n${output.join("")}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitUntil(() => isHealthy(endpoint), { what: `etcd at ${endpoint} to be healthy` }), exited]);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await exited;
  };
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);

  await launch();
  return {
    endpoint,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    dispose: async () => {
      process.off("exit", killOnExit);
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function isHealthy(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { health?: string };
    return body.health === "true";
  } catch {
    return false;
  }
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * Polls a condition until it holds: the way tests wait for something another process does
 * (etcd healthy, a watcher caught up) without a fixed sleep. Fails with `what` on timeout.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  options: { what: string; timeoutMs?: number; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
