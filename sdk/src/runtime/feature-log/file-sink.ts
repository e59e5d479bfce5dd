import { appendFile, rename, rm, stat } from "node:fs/promises";
import type { FeatureLogSink } from "./create-feature-logger";

export interface FileSinkOptions {
  /** The file written now; rotated ones are `path.1` (newest) to `path.{keep}`. */
  path: string;
  /** Rotate before a write would take the file past this many bytes. Default 64 MiB. */
  maxBytes?: number;
  /** Rotated files kept. Default 5 (0: the full file is deleted on rotation). */
  keep?: number;
}

/**
 * A local JSON-lines file, rotated by size. A batch is appended in one write, so a line is never
 * split across files; a single batch larger than maxBytes goes whole into a fresh file.
 */
export function fileFeatureLogSink(opts: FileSinkOptions): FeatureLogSink {
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  const keep = Math.max(0, Math.floor(opts.keep ?? 5));
  let size: number | undefined;

  const rotate = async () => {
    await rm(`${opts.path}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) await rename(`${opts.path}.${i}`, `${opts.path}.${i + 1}`).catch(ignoreMissing);
    if (keep > 0) await rename(opts.path, `${opts.path}.1`).catch(ignoreMissing);
    else await rm(opts.path, { force: true });
  };

  return {
    async write(lines) {
      const text = lines.map((l) => `${l}\n`).join("");
      const bytes = Buffer.byteLength(text);
      const current: number = size ?? (await sizeOf(opts.path));
      const rotating = current > 0 && current + bytes > maxBytes;
      if (rotating) await rotate();
      await appendFile(opts.path, text, "utf8");
      size = (rotating ? 0 : current) + bytes;
    },
  };
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw e;
  }
}

function ignoreMissing(e: NodeJS.ErrnoException): void {
  if (e.code !== "ENOENT") throw e;
}
