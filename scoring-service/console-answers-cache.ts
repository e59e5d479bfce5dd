import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

type FetchInit = { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal };
type FetchAnswer = { status: number; json(): Promise<unknown> };
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchAnswer>;

interface Stored {
  status: number;
  body: unknown;
}

interface FileContent {
  format: 1;
  console: string;
  answers: Record<string, Stored>;
}

/**
 * The console's last answers to the service's GETs (table definitions, fg packages, the registry),
 * answered again while the console does not answer (unreachable or 5xx) and kept in a file beside
 * the config cache: a service whose console is down keeps scoring its last release, and one started
 * while the console is down starts from the file. Only definitions and addresses are kept, never a
 * secret (connection passwords come from the service's own configuration), nor built-in rows (POST).
 */
export interface ConsoleAnswersCache {
  fetch: FetchLike;
  /** Waits for the last write of the file. */
  flush(): Promise<void>;
}

export async function createConsoleAnswersCache(opts: {
  consoleUrl: string;
  file: string | null;
  onError: (e: Error) => void;
  /** Told each time a GET is answered from the last answer (the console did not answer). */
  onStale?: (path: string) => void;
}): Promise<ConsoleAnswersCache> {
  const answers = new Map<string, Stored>();
  if (opts.file) {
    try {
      const content = JSON.parse(await readFile(opts.file, "utf8")) as Partial<FileContent>;
      if (content.format === 1 && content.console === opts.consoleUrl && content.answers && typeof content.answers === "object") {
        for (const [k, v] of Object.entries(content.answers)) answers.set(k, v);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") opts.onError(new Error(`Cannot read ${opts.file}: ${(e as Error).message}`));
    }
  }

  let dirty = false;
  let writing: Promise<void> = Promise.resolve();
  const save = () => {
    const file = opts.file;
    if (!file || dirty) return;
    dirty = true;
    // Coalesced: one write carries every change made while the previous one ran.
    writing = writing.then(async () => {
      dirty = false;
      const content: FileContent = { format: 1, console: opts.consoleUrl, answers: Object.fromEntries(answers) };
      try {
        await mkdir(path.dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(content), { encoding: "utf8", mode: 0o600 });
        await rename(temporary, file);
      } catch (e) {
        opts.onError(new Error(`Cannot write ${file}: ${(e as Error).message}`));
      }
    });
  };

  const stale = (key: string, why: unknown): FetchAnswer => {
    const hit = answers.get(key);
    if (!hit) throw why;
    opts.onStale?.(key);
    return { status: hit.status, json: async () => hit.body };
  };

  return {
    async fetch(url, init) {
      if (init.method !== "GET") return fetch(url, init);
      const key = url.startsWith(opts.consoleUrl) ? url.slice(opts.consoleUrl.length) : url;
      let res: Response;
      try {
        res = await fetch(url, init);
      } catch (e) {
        return stale(key, e);
      }
      if (res.status >= 500 && answers.has(key)) return stale(key, null);
      if (res.status !== 200 && res.status !== 404) return res;
      const body = (await res.json().catch(() => null)) as unknown;
      const stored: Stored = { status: res.status, body };
      const before = answers.get(key);
      if (!before || JSON.stringify(before) !== JSON.stringify(stored)) {
        answers.set(key, stored);
        save();
      }
      return { status: stored.status, json: async () => body };
    },
    flush: () => writing,
  };
}
