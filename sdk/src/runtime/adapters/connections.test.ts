import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { connectionsFromEnv } from "./connections";

describe("connectionsFromEnv", () => {
  it("reads the service's connections by name from SCORING_CONNECTIONS", () => {
    expect(connectionsFromEnv({ SCORING_CONNECTIONS: '{"redis-main":{"url":"redis://:pw@10.0.0.5:6379/0"}}' })).toEqual({
      "redis-main": { url: "redis://:pw@10.0.0.5:6379/0" },
    });
  });

  it("reads them from the file SCORING_CONNECTIONS_FILE names", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "connections-"));
    const file = path.join(dir, "connections.json");
    writeFileSync(file, '{"redis-main":{"host":"10.0.0.5","port":6380,"password":"pw"}}');
    try {
      expect(connectionsFromEnv({ SCORING_CONNECTIONS_FILE: file })).toEqual({ "redis-main": { host: "10.0.0.5", port: 6380, password: "pw" } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is empty without either (a service on built-in tables only)", () => {
    expect(connectionsFromEnv({})).toEqual({});
  });

  it.each([
    ["not JSON", "{", "not JSON"],
    ["a list", "[]", "an object of connections"],
    ["a connection that is not an object", '{"redis-main":"redis://x"}', 'connection "redis-main" must be an object'],
  ])("refuses %s, saying why", (_name, text, message) => {
    expect(() => connectionsFromEnv({ SCORING_CONNECTIONS: text })).toThrow(message);
  });
});
