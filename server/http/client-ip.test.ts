import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientIp, parseTrustedProxies, UNKNOWN_CLIENT } from "./client-ip";

function req(headers: Record<string, string>) {
  return new Request("http://console.test/api/v1/auth/sign-in", { headers });
}

const none = parseTrustedProxies("");
const proxies = parseTrustedProxies(" 10.0.0.5, 172.16.0.0/12 ,fd00::/8");

describe("clientIp", () => {
  it("is the socket peer our server stamped, whatever X-Forwarded-For says, when no proxy is trusted", () => {
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "198.51.100.7" }), none)).toBe("198.51.100.7");
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "198.51.100.7", "x-forwarded-for": "1.2.3.4", "x-real-ip": "5.6.7.8" }), none)).toBe("198.51.100.7");
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "10.0.0.5", "x-forwarded-for": "1.2.3.4" }), none)).toBe("10.0.0.5");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "198.51.100.7", "x-forwarded-for": "10.0.0.5, 1.2.3.4" }), proxies)).toBe("198.51.100.7");
  });

  it("takes the right-most hop that is not a trusted proxy when the peer is one", () => {
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "10.0.0.5", "x-forwarded-for": "203.0.113.9" }), proxies)).toBe("203.0.113.9");
    // The client wrote "1.1.1.1" itself; the proxy appended the address it saw.
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "10.0.0.5", "x-forwarded-for": "1.1.1.1, 203.0.113.9" }), proxies)).toBe("203.0.113.9");
    // Two trusted proxies in a row (172.16/12, then 10.0.0.5).
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "10.0.0.5", "x-forwarded-for": "1.1.1.1, 203.0.113.9, 172.20.1.1" }), proxies)).toBe("203.0.113.9");
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "::ffff:10.0.0.5", "x-forwarded-for": "[2001:db8::1]:4711" }), proxies)).toBe("2001:db8::1");
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "fd00::1", "x-forwarded-for": "203.0.113.9:5000" }), proxies)).toBe("203.0.113.9");
  });

  it("falls back to the last trusted hop when the chain holds no untrusted address or a hop is garbage", () => {
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "10.0.0.5" }), proxies)).toBe("10.0.0.5");
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "10.0.0.5", "x-forwarded-for": "172.20.1.1" }), proxies)).toBe("172.20.1.1");
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "10.0.0.5", "x-forwarded-for": "evil, 172.20.1.1" }), proxies)).toBe("172.20.1.1");
  });

  it("writes an IPv4-mapped peer as IPv4, and is 'unknown' without our server's header", () => {
    expect(clientIp(req({ [CLIENT_IP_HEADER]: "::ffff:127.0.0.1" }), none)).toBe("127.0.0.1");
    expect(clientIp(req({ "x-forwarded-for": "1.2.3.4" }), proxies)).toBe(UNKNOWN_CLIENT);
  });
});

describe("parseTrustedProxies", () => {
  it("reads addresses and networks of both families, and refuses anything else naming it", () => {
    expect(proxies.has("172.31.255.255")).toBe(true);
    expect(proxies.has("172.32.0.0")).toBe(false);
    expect(proxies.has("fd12::3")).toBe(true);
    expect(proxies.has("10.0.0.6")).toBe(false);
    expect(proxies.has("not an ip")).toBe(false);
    expect(none.has("127.0.0.1")).toBe(false);
    for (const bad of ["proxy.internal", "10.0.0.0/33", "10.0.0.0/x", "fd00::/129", "10.0.0"]) {
      expect(() => parseTrustedProxies(`10.0.0.5,${bad}`)).toThrow(bad);
    }
  });
});
