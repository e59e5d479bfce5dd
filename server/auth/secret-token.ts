import { createHash, randomBytes } from "node:crypto";

/** High-entropy secrets (session cookies, API tokens) are stored as SHA-256: no salt or KDF is needed. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}
