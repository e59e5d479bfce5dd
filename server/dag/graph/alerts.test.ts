import { describe, expect, it } from "vitest";
import { findAlerts, type AlertInput } from "./alerts";

const now = new Date("2024-01-10T00:00:00.000Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const DAY = 86_400;

describe("findAlerts", () => {
  it.each([
    { name: "fresh within its stale limit", node: { staleAfterSeconds: 2 * DAY, onlineSince: daysAgo(1) }, expected: [] },
    { name: "stale past its limit", node: { staleAfterSeconds: 2 * DAY, onlineSince: daysAgo(3) }, expected: ["stale"] },
    { name: "far from expiry", node: { expiresAfterSeconds: 10 * DAY, onlineSince: daysAgo(5) }, expected: [] },
    { name: "close to expiry (80%)", node: { expiresAfterSeconds: 10 * DAY, onlineSince: daysAgo(8) }, expected: ["expiring"] },
    { name: "expired", node: { expiresAfterSeconds: 10 * DAY, onlineSince: daysAgo(11) }, expected: ["expired"] },
    { name: "stale and expired", node: { staleAfterSeconds: DAY, expiresAfterSeconds: 2 * DAY, onlineSince: daysAgo(3) }, expected: ["stale", "expired"] },
    { name: "without limits", node: { onlineSince: daysAgo(300) }, expected: [] },
    { name: "without an online version", node: { staleAfterSeconds: 1, online: null, onlineSince: null }, expected: [] },
  ])("$name -> $expected", ({ node, expected }) => {
    const input: AlertInput = { key: "favpush_vec_v2", online: "20240101", ...node };
    expect(findAlerts([input], now).map((alert) => alert.kind)).toEqual(expected);
  });

  it("says which version, how old and what limit", () => {
    const [alert] = findAlerts([{ key: "favpush_vec_v2", online: "20240101", onlineSince: daysAgo(3), staleAfterSeconds: 2 * DAY }], now);
    expect(alert).toEqual({
      kind: "stale",
      key: "favpush_vec_v2",
      version: "20240101",
      since: daysAgo(3),
      ageSeconds: 3 * DAY,
      limitSeconds: 2 * DAY,
      message: "favpush_vec_v2 has stayed at 20240101 for 3d (limit 2d)",
    });
  });
});
