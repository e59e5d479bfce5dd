import { hash, randomBytes } from "node:crypto";

/** High-entropy secrets (session cookies, API tokens) are stored as SHA-256: no salt or KDF is needed. */
export function sha256(value: string): string {
  // One-shot: no Hash object per call (every API request with a token hashes it).
  return hash("sha256", value, "hex");
}

export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}
