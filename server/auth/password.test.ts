import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "./password";

describe("passwords", () => {
  it("hashes with a per-password salt and verifies only the right password", async () => {
    const a = await hashPassword("s3cret pass");
    const b = await hashPassword("s3cret pass");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword("s3cret pass", a)).toBe(true);
    expect(await verifyPassword("s3cret pasS", a)).toBe(false);
    expect(await verifyPassword("x", "garbage")).toBe(false);
  });

  it("generates distinct readable passwords", () => {
    const set = new Set(Array.from({ length: 50 }, generatePassword));
    expect(set.size).toBe(50);
  });
});
