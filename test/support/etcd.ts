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

  const proc = etcdProcess(args, `etcd at ${endpoint}`, () => isHealthy(endpoint));
  const stop = () => proc.stop("SIGTERM");
  const killOnExit = () => proc.killNow();
  process.once("exit", killOnExit);

  await proc.launch();
  return {
    endpoint,
    stop,
    restart: async () => {
      await stop();
      await proc.launch();
    },
    dispose: async () => {
      process.off("exit", killOnExit);
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One member of a test cluster. `kill()` is SIGKILL (no goodbye to its peers, like a machine
 * that died); `restart()` starts it again on the same ports with its data, as a rejoining member.
 */
export interface TestEtcdMember {
  readonly name: string;
  readonly endpoint: string;
  readonly running: boolean;
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** This member's answer to the maintenance Status API (its id, the leader it believes in, its revision). */
  status(): Promise<EtcdMemberStatus>;
  /** How many watch streams clients hold open on this member (its /metrics). */
  watchStreams(): Promise<number>;
}

export interface EtcdMemberStatus {
  memberId: string;
  /** The member id this member believes leads ("0": none). */
  leader: string;
  revision: number;
}

/**
 * A real cluster of `size` etcd processes on loopback, each with its own client and peer port
 * and data dir. Every wait is on etcd's own answers (the maintenance Status API), never a sleep.
 */
export interface TestEtcdCluster {
  /** Every member's client URL, as ETCD_ENDPOINTS lists them. */
  endpoints: string[];
  members: TestEtcdMember[];
  /** Waits until every running member names the same leader, itself running; returns it. */
  waitForLeader(options?: { timeoutMs?: number }): Promise<TestEtcdMember>;
  /** Hands the leadership to `member` (MoveLeader, sent to the current leader) and waits until all agree. */
  moveLeader(member: TestEtcdMember): Promise<void>;
  /**
   * Waits until exactly one watch stream is open in the cluster and returns the running member
   * holding it: the test's one watching client is there (publishers do not watch).
   */
  memberHoldingTheWatch(): Promise<TestEtcdMember>;
  dispose(): Promise<void>;
}

/**
 * etcd's own election defaults (heartbeat 100 ms, election 1 s) on purpose: shorter ones elect
 * faster but a busy 2-core machine then changes leaders by itself, and a test that means to
 * kill "the leader" would kill a follower.
 */
export async function startEtcdCluster(size = 3): Promise<TestEtcdCluster> {
  if (!existsSync(ETCD_BIN)) throw new Error(`${ETCD_BIN} is missing: apt-get install -y etcd-server`);
  const root = await mkdtemp(path.join(os.tmpdir(), "etcd-cluster-"));
  const ports = await freePorts(size * 2);
  const specs = Array.from({ length: size }, (_, i) => ({
    name: `m${i + 1}`,
    endpoint: `http://127.0.0.1:${ports[2 * i]}`,
    peer: `http://127.0.0.1:${ports[2 * i + 1]}`,
    dataDir: path.join(root, `m${i + 1}`),
  }));
  const initialCluster = specs.map((spec) => `${spec.name}=${spec.peer}`).join(",");
  const token = `test-${path.basename(root)}`;
  const ids = new Map<string, TestEtcdMember>();

  const members = specs.map((spec) => {
    const args = [
      `--name=${spec.name}`,
      `--data-dir=${spec.dataDir}`,
      `--listen-client-urls=${spec.endpoint}`,
      `--advertise-client-urls=${spec.endpoint}`,
      `--listen-peer-urls=${spec.peer}`,
      `--initial-advertise-peer-urls=${spec.peer}`,
      `--initial-cluster=${initialCluster}`,
      `--initial-cluster-token=${token}`,
      "--initial-cluster-state=new",
      "--logger=zap",
      "--log-level=error",
    ];
    // A member serves its client URL once it joined the cluster, which takes a quorum: the
    // first start waits for that together with the others (Promise.all below).
    const proc = etcdProcess(args, `etcd member ${spec.name} at ${spec.endpoint}`, async () => (await memberStatus(spec.endpoint)) !== null);
    const member: TestEtcdMember = {
      name: spec.name,
      endpoint: spec.endpoint,
      get running() {
        return proc.running;
      },
      kill: () => proc.stop("SIGKILL"),
      restart: async () => {
        await proc.stop("SIGKILL");
        await proc.launch();
      },
      async status() {
        const status = await memberStatus(spec.endpoint);
        if (!status) throw new Error(`etcd member ${spec.name} at ${spec.endpoint} does not answer`);
        ids.set(status.memberId, member);
        return status;
      },
      async watchStreams() {
        const metrics = await (await fetch(`${spec.endpoint}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
        const line = /^etcd_debugging_mvcc_watch_stream_total (\d+)$/m.exec(metrics);
        if (!line) throw new Error(`etcd member ${spec.name} reports no watch stream gauge`);
        return Number(line[1]);
      },
    };
    return Object.assign(member, { proc });
  });

  const agreedLeader = async (): Promise<TestEtcdMember | null> => {
    const running = members.filter((member) => member.running);
    const statuses = await Promise.all(running.map((member) => member.status().catch(() => null)));
    const leaders = new Set(statuses.map((status) => status?.leader ?? "none"));
    if (leaders.size !== 1) return null;
    const [leader] = leaders;
    const member = leader ? ids.get(leader) : undefined;
    return member?.running ? member : null;
  };

  const waitForLeader = async (options: { timeoutMs?: number } = {}) => {
    let leader: TestEtcdMember | null = null;
    await waitUntil(async () => (leader = await agreedLeader()) !== null, { what: "the etcd members to agree on a leader", timeoutMs: options.timeoutMs ?? 20_000, intervalMs: 50 });
    return leader!;
  };

  const killOnExit = () => members.forEach((member) => member.proc.killNow());
  process.once("exit", killOnExit);
  try {
    await Promise.all(members.map((member) => member.proc.launch()));
    await waitForLeader();
  } catch (error) {
    process.off("exit", killOnExit);
    await Promise.all(members.map((member) => member.proc.stop("SIGKILL")));
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  return {
    endpoints: members.map((member) => member.endpoint),
    members,
    waitForLeader,
    async moveLeader(target) {
      const leader = await waitForLeader();
      if (leader === target) return;
      const { memberId } = await target.status();
      const res = await fetch(`${leader.endpoint}/v3/maintenance/transfer-leadership`, {
        method: "POST",
        body: JSON.stringify({ targetID: memberId }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`MoveLeader to ${target.name} failed: ${res.status} ${await res.text()}`);
      await waitUntil(async () => (await agreedLeader()) === target, { what: `${target.name} to lead`, intervalMs: 50 });
    },
    async memberHoldingTheWatch() {
      let found: TestEtcdMember | undefined;
      await waitUntil(
        async () => {
          const running = members.filter((member) => member.running);
          const streams = await Promise.all(running.map((member) => member.watchStreams().catch(() => -1)));
          found = streams.reduce((sum, n) => sum + n, 0) === 1 && !streams.includes(-1) ? running[streams.indexOf(1)] : undefined;
          return found !== undefined;
        },
        { what: "one watch stream to be open in the cluster", intervalMs: 50 },
      );
      return found!;
    },
    async dispose() {
      process.off("exit", killOnExit);
      await Promise.all(members.map((member) => member.proc.stop("SIGKILL")));
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The maintenance Status API through etcd's JSON gateway, or null when the member does not answer. */
async function memberStatus(endpoint: string): Promise<EtcdMemberStatus | null> {
  try {
    const res = await fetch(`${endpoint}/v3/maintenance/status`, { method: "POST", body: "{}", signal: AbortSignal.timeout(1_000) });
    if (!res.ok) return null;
    const body = (await res.json()) as { header?: { member_id?: string; revision?: string }; leader?: string };
    if (!body.header?.member_id) return null;
    return { memberId: body.header.member_id, leader: body.leader ?? "0", revision: Number(body.header.revision ?? 0) };
  } catch {
    return null;
  }
}

interface EtcdProcess {
  readonly running: boolean;
  /** Starts the process and resolves once `ready()` holds (rejects if it exits first). */
  launch(): Promise<void>;
  stop(signal: NodeJS.Signals): Promise<void>;
  killNow(): void;
}

function etcdProcess(args: string[], what: string, ready: () => Promise<boolean>): EtcdProcess {
  let child: ChildProcess | null = null;
  return {
    get running() {
      return child !== null && child.exitCode === null && child.signalCode === null;
    },
    async launch() {
      const output: string[] = [];
      const started = spawn(ETCD_BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
      started.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
      started.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
      child = started;
      const exited = new Promise<never>((_, reject) =>
        started.once("exit", (code) => reject(new Error(`${what} exited with ${code} before it was ready:\n${output.join("")}`))),
      );
      exited.catch(() => undefined);
      await Promise.race([waitUntil(ready, { what: `${what} to be ready`, timeoutMs: 30_000, intervalMs: 50 }), exited]);
    },
    async stop(signal) {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill(signal);
      await exited;
    },
    killNow() {
      child?.kill("SIGKILL");
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
