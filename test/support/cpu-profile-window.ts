import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";

/**
 * A V8 CPU profile of this process over a window of its life (not from start to exit as
 * `node --cpu-prof` does): the fan-out bench profiles its releases, not the minute of set-up
 * before them. `stop()` writes `<dir>/<name>-<pid>.cpuprofile` (open it in Chrome DevTools).
 */
export async function startCpuProfile(dir: string, name: string): Promise<{ stop(): Promise<string> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      const file = path.join(dir, `${name}-${process.pid}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}
