import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Secrets at rest (connection passwords): AES-256-GCM with a fresh 96-bit IV per secret and
 * the 128-bit tag, bound by the additional data `context` to what it protects (e.g. one
 * connection's password), so a ciphertext copied onto another row does not decrypt.
 *
 * Text form: `v1:<key fingerprint>:<iv>:<tag>:<ciphertext>` (base64url). The fingerprint lets
 * a console started with another key say so, instead of failing with "bad tag".
 */
const VERSION = "v1";

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

export function encryptSecret(plain: string, key: Buffer, context: string): string {
  checkKey(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, keyFingerprint(key), b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join(":");
}

export function decryptSecret(box: string, key: Buffer, context: string): string {
  checkKey(key);
  const [version, fingerprint, iv, tag, ciphertext, ...rest] = box.split(":");
  if (version !== VERSION || !fingerprint || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new SecretBoxError("The stored secret is not in a format this console can read");
  }
  const mine = keyFingerprint(key);
  if (fingerprint !== mine) {
    throw new SecretBoxError(`The stored secret was encrypted under another key (fingerprint ${fingerprint}; this console's SECRET_KEY has ${mine})`);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("The stored secret does not decrypt: it was altered or belongs to another record");
  }
}

/** 8 hex digits naming a key without revealing it. */
export function keyFingerprint(key: Buffer): string {
  return createHash("sha256").update("scoring-console secret key\0").update(key).digest("hex").slice(0, 8);
}

function checkKey(key: Buffer) {
  if (key.length !== 32) throw new SecretBoxError("An AES-256 key is 32 bytes");
}

function b64(b: Buffer): string {
  return b.toString("base64url");
}
