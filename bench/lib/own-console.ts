import { execFileSync, spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface OwnConsole {
  url: string;
  stop(): Promise<void>;
}

/**
 * A console of the benchmark's own, started exactly as the end-to-end tests start theirs
 * (scripts/e2e-server.mjs: a production build in a private dist folder, a fresh data folder,
 * demo data, the dev model server, a known admin) on a free port, so `npm run bench` needs
 * nothing running. Building takes minutes on two cores; the measure starts once it answers.
 */
export async function startOwnConsole(opts: { adminEmail: string; adminPassword: string; timeoutMs?: number; log?: (line: string) => void }): Promise<OwnConsole> {
  const port = execFileSync(process.execPath, [path.join(ROOT, "scripts/free-port.mjs")]).toString().trim();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/e2e-server.mjs")], {
    cwd: ROOT,
    env: { ...process.env, E2E_PORT: port, ADMIN_EMAIL: opts.adminEmail, ADMIN_PASSWORD: opts.adminPassword, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The build's chatter is kept only to explain a failure.
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 60) tail.shift();
      opts.log?.(line);
    }
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.on("exit", (code) => {
      exited = code;
      resolve();
    }),
  );
  // Should the benchmark die first, its console must not outlive it.
  const orphanGuard = () => child.kill("SIGTERM");
  process.on("exit", orphanGuard);

  const stop = async () => {
    process.off("exit", orphanGuard);
    if (exited !== undefined) return;
    child.kill("SIGTERM"); // e2e-server.mjs stops `next start` and removes its build and data folders
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exit;
    clearTimeout(killer);
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 15 * 60_000);
  for (;;) {
    if (exited !== undefined) {
      process.off("exit", orphanGuard);
      throw new Error(`the console for the benchmark stopped (exit ${exited}) before it answered:\n${tail.join("\n")}`);
    }
    try {
      const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { url, stop };
    } catch {
      // Still building or starting.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the console for the benchmark did not answer at ${url} within ${Math.round((opts.timeoutMs ?? 15 * 60_000) / 1000)} s:\n${tail.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
