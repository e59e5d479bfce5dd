import { describe, expect, it } from "vitest";
import { checkSameOrigin } from "./authenticate";

const req = (method: string, headers: Record<string, string>) => new Request("http://console.test/api/v1/apps", { method, headers: { host: "console.test", ...headers } });

describe("checkSameOrigin", () => {
  it.each([
    ["same-origin POST", "POST", { origin: "http://console.test" }, "cookie", true],
    ["cross-site POST", "POST", { origin: "http://evil.test" }, "cookie", false],
    ["cross-site form post (Sec-Fetch-Site)", "POST", { "sec-fetch-site": "cross-site" }, "cookie", false],
    ["same-site sibling", "PUT", { "sec-fetch-site": "same-site", origin: "http://a.console.test" }, "cookie", false],
    ["malformed origin", "DELETE", { origin: "null" }, "cookie", false],
    ["GET from anywhere", "GET", { origin: "http://evil.test" }, "cookie", true],
    ["bearer token from anywhere", "POST", { origin: "http://evil.test" }, "bearer", true],
    ["non-browser client without Origin", "POST", {}, "cookie", true],
  ] as const)("%s", (_, method, headers, via, allowed) => {
    const run = () => checkSameOrigin(req(method, headers), via);
    if (allowed) expect(run).not.toThrow();
    else expect(run).toThrow(/Cross-site/);
  });
});
