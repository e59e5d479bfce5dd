import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { API_CSP, COMMON_SECURITY_HEADERS, pageCsp } from "./security-headers";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** proxy.ts as Next.js runs it, with the environment read afresh (server/env.ts caches it). */
async function runProxy(path: string, cookieSecure?: "1") {
  if (cookieSecure) vi.stubEnv("COOKIE_SECURE", cookieSecure);
  vi.resetModules();
  const { proxy } = await import("@/proxy");
  return proxy(new NextRequest(`http://console.test${path}`));
}

describe("page CSP", () => {
  it("allows scripts only by nonce (and what they load), never inline or eval in production", () => {
    const csp = pageCsp("abc123", { dev: false, https: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("style-src 'self' 'nonce-abc123'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(pageCsp("n", { dev: true, https: true })).toMatch(/script-src [^;]*'unsafe-eval'.*upgrade-insecure-requests$/);
  });

  it("the API's policy lets nothing load and nobody frame", () => {
    expect(API_CSP).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(Object.fromEntries(COMMON_SECURITY_HEADERS.map((h) => [h.key, h.value]))).toEqual({
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "same-origin",
    });
  });
});

describe("proxy.ts", () => {
  it("gives each page request its own nonce, on the response and on the request Next.js renders", async () => {
    const a = await runProxy("/apps");
    const b = await runProxy("/apps");
    const csp = a.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(b.headers.get("content-security-policy")).not.toContain(nonce);
    // NextResponse.next({ request: { headers } }) hands the request headers on this way.
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(a.headers.get("strict-transport-security")).toBeNull();
  });

  it("adds HSTS and upgrade-insecure-requests only behind HTTPS (COOKIE_SECURE=1)", async () => {
    const res = await runProxy("/sign-in", "1");
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("never matches API routes (uploads) or static files", async () => {
    const { config } = await import("@/proxy");
    const [source] = config.matcher;
    const re = new RegExp(`^${source}$`);
    for (const p of ["/", "/apps", "/apps/favpush", "/api-docs", "/models/x", "/sign-in"]) expect(re.test(p), p).toBe(true);
    for (const p of ["/api/v1/feature-tables/t/rows", "/api", "/_next/static/chunks/a.js", "/_next/image", "/favicon.ico"]) expect(re.test(p), p).toBe(false);
  });
});
