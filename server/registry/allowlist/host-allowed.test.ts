import { describe, expect, it } from "vitest";
import { allowlistEntryKind, CreateAllowlistEntrySchema } from "@/server/contracts/instance-allowlist";
import { entryCovers, hostOfAddress } from "./host-allowed";

describe("instance allow-list entries", () => {
  it("tells IPs, networks and host names apart and refuses the rest", () => {
    expect(allowlistEntryKind("10.1.2.3")).toBe("ip");
    expect(allowlistEntryKind("::1")).toBe("ip");
    expect(allowlistEntryKind("10.0.0.0/8")).toBe("cidr");
    expect(allowlistEntryKind("fd00::/8")).toBe("cidr");
    expect(allowlistEntryKind("tfs-*.prod.internal")).toBe("host");
    for (const bad of ["10.0.0.0/33", "10.0.0.0/", "*", "*.*", "a..b", "http://x", "x y", "-a.b"]) expect(allowlistEntryKind(bad), bad).toBeNull();
    expect(CreateAllowlistEntrySchema.parse({ entry: "  TFS-1.Prod.Internal " }).entry).toBe("tfs-1.prod.internal");
  });

  it("covers the literal host of an address: equal IPs, networks holding it, host names and one-label wildcards", () => {
    expect(hostOfAddress("10.1.2.3:8500")).toBe("10.1.2.3");
    expect(hostOfAddress("[::1]:8500")).toBe("::1");
    expect(entryCovers("10.0.0.0/8", "10.200.1.1")).toBe(true);
    expect(entryCovers("10.0.0.0/8", "11.0.0.1")).toBe(false);
    expect(entryCovers("127.0.0.0/8", "::1")).toBe(false);
    expect(entryCovers("::1", "::1")).toBe(true);
    expect(entryCovers("fd00::/8", "fd12::5")).toBe(true);
    expect(entryCovers("10.1.2.3", "10.1.2.3")).toBe(true);
    expect(entryCovers("10.1.2.3", "10.1.2.4")).toBe(false);
    expect(entryCovers("tfs-*.prod.internal", "tfs-12.prod.internal")).toBe(true);
    expect(entryCovers("tfs-*.prod.internal", "tfs-1.evil.prod.internal")).toBe(false);
    expect(entryCovers("tfs-*.prod.internal", "tfs-1.prod.internal.evil.example")).toBe(false);
    expect(entryCovers("*.models.internal", "a.models.internal")).toBe(true);
    // Names are not resolved: a network never covers a name, a name never an IP.
    expect(entryCovers("127.0.0.0/8", "localhost")).toBe(false);
    expect(entryCovers("localhost", "127.0.0.1")).toBe(false);
  });
});
