import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { resolveToken } from "@/server/auth/resolve-token";
import { resolveSession } from "@/server/auth/sessions";
import { signIn } from "@/server/auth/sign-in";
import { installSignInGuard, SignInGuard } from "@/server/auth/sign-in-guard";
import { listAudit } from "@/server/audit/list-audit";
import { ensurePeople } from "@/server/bootstrap/ensure-people";
import { issueToken } from "@/server/tokens/issue-token";
import { listTokens } from "@/server/tokens/list-tokens";
import { revokeToken } from "@/server/tokens/revoke-token";
import { createPerson } from "@/test/support/people";
import { createTestDatabase } from "@/test/support/test-db";
import { createUser } from "./create-user";
import { listUsers } from "./list-users";
import { updateUser } from "./update-user";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  // A stopped clock: an attempt too early stays too early however slow the machine.
  installSignInGuard(new SignInGuard({ freeFailures: 5, maxDelayMs: 60_000 }, () => 0));
});
afterAll(async () => {
  installSignInGuard(undefined);
  await database?.close();
});

const signInOpts = (email: string, password: string, ip = "10.0.0.1") => ({
  input: { email, password },
  clientIp: ip,
  freeFailures: 5,
  maxDelaySeconds: 60,
  sessionTtlHours: 1,
});

describe("first start", () => {
  it("creates an admin and one person per role in demo mode, with generated passwords that sign in", async () => {
    const creds = await ensurePeople(database.db, { demo: true });
    expect(creds.map((c) => c.role).sort()).toEqual(["admin", "editor", "reviewer", "viewer"]);
    const admin = creds.find((c) => c.role === "admin")!;
    expect(admin.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const { user } = await signIn(database.db, signInOpts(admin.email, admin.password, "10.9.9.9"));
    expect(user.role).toBe("admin");
    const stored = JSON.stringify(await database.db.query.users.findMany());
    for (const c of creds) expect(stored).not.toContain(c.password);
  });

  it("does nothing when people exist", async () => {
    expect(await ensurePeople(database.db, { demo: true })).toEqual([]);
  });
});

describe("sign-in", () => {
  it("refuses a wrong password, then makes further guesses from that address wait", async () => {
    const p = await createPerson(database.db, "viewer");
    await expect(signIn(database.db, signInOpts(p.actor.email, "wrong", "10.0.0.2"))).rejects.toMatchObject({ status: 401 });
    const attempts = [];
    for (let i = 0; i < 6; i++) attempts.push(await signIn(database.db, signInOpts(p.actor.email, "wrong", "10.0.0.3")).catch((e: { status: number }) => e.status));
    expect(attempts).toEqual([401, 401, 401, 401, 401, 429]);
    // Another address is not held up by that one's guesses.
    await expect(signIn(database.db, signInOpts(p.actor.email, p.password, "10.0.0.9"))).resolves.toMatchObject({ user: { email: p.actor.email } });
  });

  it("ends sessions of a deactivated person at once, and answers their right password exactly like a wrong one", async () => {
    const admin = await createPerson(database.db, "admin");
    const p = await createPerson(database.db, "editor");
    const token = p.cookie.split("=")[1]!;
    expect(await resolveSession(database.db, token)).not.toBeNull();
    await updateUser(database.db, { actor: admin.actor, id: p.actor.id, input: { active: false } });
    expect(await resolveSession(database.db, token)).toBeNull();
    const refusal = (e: { status: number; code: string; message: string; details: unknown }) => ({ status: e.status, code: e.code, message: e.message, details: e.details });
    const right = await signIn(database.db, signInOpts(p.actor.email, p.password, "10.0.0.4")).catch(refusal);
    const wrong = await signIn(database.db, signInOpts(p.actor.email, "not the password", "10.0.0.5")).catch(refusal);
    expect(right).toEqual({ status: 401, code: "unauthorized", message: "Wrong email or password.", details: null });
    expect(right).toEqual(wrong);
    // And it counts as a failure like a wrong one: the sixth try from one address waits either way.
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push(await signIn(database.db, signInOpts(p.actor.email, p.password, "10.0.0.6")).catch((e: { status: number }) => e.status));
    expect(outcomes).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe("users", () => {
  it("refuses a duplicate email with 409", async () => {
    const p = await createPerson(database.db, "viewer");
    await expect(createUser(database.db, { actor: SYSTEM, input: { email: p.actor.email, name: "x", role: "viewer" } })).rejects.toMatchObject({ status: 409 });
  });

  it("never removes the last active admin, nor lets admins demote themselves", async () => {
    const fresh = await createTestDatabase();
    try {
      const admin = await createPerson(fresh.db, "admin");
      await expect(updateUser(fresh.db, { actor: admin.actor, id: admin.actor.id, input: { role: "viewer" } })).rejects.toMatchObject({ status: 422 });
      await expect(updateUser(fresh.db, { actor: SYSTEM, id: admin.actor.id, input: { active: false } })).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/last active admin/) });
      expect((await listUsers(fresh.db))[0]).toMatchObject({ role: "admin", active: true });
    } finally {
      await fresh.close();
    }
  });

  it("audits a role change with before and after, without password hashes", async () => {
    const admin = await createPerson(database.db, "admin");
    const p = await createPerson(database.db, "viewer");
    await updateUser(database.db, { actor: admin.actor, id: p.actor.id, input: { role: "editor" } });
    const { entries } = await listAudit(database.db, { kind: "user", limit: 1 });
    expect(entries[0]).toMatchObject({ action: "update", before: { role: "viewer" }, after: { role: "editor" } });
    expect(JSON.stringify(entries)).not.toMatch(/scrypt\$/);
  });
});

describe("API tokens", () => {
  it("stores only a hash, resolves while active and stops at revocation", async () => {
    const admin = await createPerson(database.db, "admin");
    const { token, secret } = await issueToken(database.db, { actor: admin.actor, input: { name: "feature-platform", scopes: ["dag:write"] } });
    expect(secret).toMatch(/^sct_/);
    expect(JSON.stringify(await database.db.query.apiTokens.findMany())).not.toContain(secret);
    expect(await resolveToken(database.db, secret)).toMatchObject({ type: "token", name: "feature-platform", scopes: ["dag:write"] });
    await revokeToken(database.db, { actor: admin.actor, id: token.id });
    expect(await resolveToken(database.db, secret)).toBeNull();
    await expect(revokeToken(database.db, { actor: admin.actor, id: token.id })).rejects.toMatchObject({ status: 409 });
    expect((await listTokens(database.db)).find((t) => t.id === token.id)?.revokedAt).not.toBeNull();
  });
});
