import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir, env } from "@/server/env";
import { keyFingerprint } from "./secret-box";

export const KEY_FILE_NAME = "secret.key";

/**
 * SECRET_KEY as 32 bytes: 64 hex digits, or base64/base64url of 32 bytes. Anything else is
 * refused rather than stretched: a typo must not silently become another key.
 */
export function parseSecretKey(text: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const key = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length === 32) return key;
  }
  throw new Error("SECRET_KEY must be 32 bytes written as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)");
}

/**
 * The key of the development default: generated once into `<dir>/secret.key` (hex, mode 0600)
 * and read back afterwards. `wx` makes two processes starting at once agree on one key.
 */
export function loadOrCreateKeyFile(dir: string): { key: Buffer; file: string; created: boolean } {
  const file = path.join(dir, KEY_FILE_NAME);
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
    return { key: readKeyFile(file), file, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  // Tighten a key file someone copied with looser permissions.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return { key: readKeyFile(file), file, created: false };
}

function readKeyFile(file: string): Buffer {
  try {
    return parseSecretKey(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} does not hold a valid key: ${(e as Error).message}`);
  }
}

const globalForKey = globalThis as unknown as { __scoringSecretKey?: Buffer };

/** The process's key for secrets at rest: SECRET_KEY, else the key file in DATA_DIR (said once in the log). */
export function secretKey(): Buffer {
  if (globalForKey.__scoringSecretKey) return globalForKey.__scoringSecretKey;
  const fromEnv = env().SECRET_KEY;
  let key: Buffer;
  if (fromEnv) {
    key = parseSecretKey(fromEnv);
  } else {
    const loaded = loadOrCreateKeyFile(dataDir());
    key = loaded.key;
    console.warn(
      `SECRET_KEY is not set: connection passwords and hook secrets are encrypted with the key ${loaded.created ? "just generated into" : "in"} ${loaded.file} ` +
        `(mode 0600, fingerprint ${keyFingerprint(key)}). Keep it with the data, or set SECRET_KEY in production.`,
    );
  }
  globalForKey.__scoringSecretKey = key;
  return key;
}
