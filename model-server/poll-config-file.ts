import fs from "node:fs";
import { parseModelConfigText } from "@/server/tfs/model-config";
import type { ModelManager } from "./model-manager";

/**
 * TF Serving's --model_config_file_poll_wait_seconds: every poll re-reads model.conf and
 * applies it. TF Serving calls ReloadConfig on every poll; applying the same config again
 * changes nothing, so this applies it only when the file changed or when another config was
 * applied in between (a HandleReloadConfigRequest, e.g. from the console), which the file
 * then overrides, as in TF Serving. A file that cannot be read or parsed is logged and
 * skipped; the next poll tries again.
 */
export function pollConfigFile(manager: ModelManager, file: { path: string; pollSeconds: number }, log: (message: string) => void): { stop(): void } {
  let lastText: string | undefined;
  let lastGeneration = manager.configGeneration; // the startup config came from this file
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  try {
    lastText = fs.readFileSync(file.path, "utf8");
  } catch {
    lastText = undefined;
  }

  const poll = async () => {
    let text: string;
    try {
      text = fs.readFileSync(file.path, "utf8");
    } catch (e) {
      log(`Failed to read ModelServerConfig file: ${(e as Error).message}`);
      return;
    }
    if (text === lastText && manager.configGeneration === lastGeneration) return;
    try {
      const overridden = manager.configGeneration !== lastGeneration;
      const applied = manager.reloadConfig(parseModelConfigText(text));
      lastText = text;
      // The generation this file became, not the current one: a reload sent meanwhile must
      // still be overridden by the next poll.
      lastGeneration = await applied;
      log(`Applied ${file.path}${overridden ? ", replacing a config sent with HandleReloadConfigRequest" : ""}`);
    } catch (e) {
      lastText = text; // not retried until the file changes again
      lastGeneration = manager.configGeneration;
      log(`PollFilesystemAndReloadConfig failed to ReloadConfig: ${(e as Error).message}`);
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void poll().finally(schedule), file.pollSeconds * 1000);
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
