import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, keyFingerprint } from "./secret-box";
import { loadOrCreateKeyFile, parseSecretKey } from "./secret-key";

const key = randomBytes(32);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("secret box (AES-256-GCM)", () => {
  it("round-trips, with a fresh IV each time and no clear text in the box", () => {
    const a = encryptSecret("hunter2 pässword", key, "conn:1");
    const b = encryptSecret("hunter2 pässword", key, "conn:1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("hunter2");
    expect(a.startsWith(`v1:${keyFingerprint(key)}:`)).toBe(true);
    expect(decryptSecret(a, key, "conn:1")).toBe("hunter2 pässword");
  });

  it("refuses another context, a tampered box and another key, each with a clear reason", () => {
    const box = encryptSecret("s3cret", key, "conn:1");
    expect(() => decryptSecret(box, key, "conn:2")).toThrow(/altered or belongs to another record/);
    const parts = box.split(":");
    const ct = Buffer.from(parts[4]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    parts[4] = ct.toString("base64url");
    expect(() => decryptSecret(parts.join(":"), key, "conn:1")).toThrow(/altered/);
    expect(() => decryptSecret(box, randomBytes(32), "conn:1")).toThrow(/encrypted under another key \(fingerprint/);
    expect(() => decryptSecret("plain text", key, "conn:1")).toThrow(/format/);
  });
});

describe("secret key", () => {
  it("parses 64 hex digits and base64 of 32 bytes, and refuses anything else", () => {
    expect(parseSecretKey(key.toString("hex"))).toEqual(key);
    expect(parseSecretKey(key.toString("base64"))).toEqual(key);
    expect(parseSecretKey(key.toString("base64url"))).toEqual(key);
    for (const bad of ["", "short", "a".repeat(63), randomBytes(16).toString("base64")]) {
      expect(() => parseSecretKey(bad)).toThrow(/SECRET_KEY must be 32 bytes/);
    }
  });

  it("creates the development key file once, with mode 0600, and reads the same key back", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sc-key-"));
    dirs.push(dir);
    const first = loadOrCreateKeyFile(dir);
    expect(first.created).toBe(true);
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
    const second = loadOrCreateKeyFile(dir);
    expect(second.created).toBe(false);
    expect(second.key).toEqual(first.key);

    fs.chmodSync(first.file, 0o644);
    loadOrCreateKeyFile(dir);
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
  });
});
