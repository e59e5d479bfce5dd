import { describe, expect, it } from "vitest";
import { SIGN_IN_FALLBACK, signInNext } from "./sign-in-next";

const ORIGIN = "https://console.example:8443";

describe("signInNext", () => {
  // [next as URLSearchParams decodes it, where sign-in goes]
  const cases: Array<[string | null, string]> = [
    // Paths of the console are kept, query and hash included.
    ["/models", "/models"],
    ["/apps?x=1", "/apps?x=1"],
    ["/dag?app=favpush#node", "/dag?app=favpush#node"],
    ["/a/../models", "/models"],
    ["https://console.example:8443/audit?p=2", "/audit?p=2"],
    // Missing or empty.
    [null, SIGN_IN_FALLBACK],
    ["", SIGN_IN_FALLBACK],
    // Protocol-relative, in every spelling the URL parser accepts.
    ["//evil.example/x", SIGN_IN_FALLBACK],
    ["/\\evil.example/x", SIGN_IN_FALLBACK],
    ["\\\\evil.example/x", SIGN_IN_FALLBACK],
    ["\\/evil.example/x", SIGN_IN_FALLBACK],
    ["/\t/evil.example/x", SIGN_IN_FALLBACK],
    ["/\n/evil.example/x", SIGN_IN_FALLBACK],
    ["/\r\n/evil.example/x", SIGN_IN_FALLBACK],
    ["\t//evil.example/x", SIGN_IN_FALLBACK],
    [" //evil.example/x", SIGN_IN_FALLBACK],
    ["///evil.example/x", SIGN_IN_FALLBACK],
    // Normalises to the path `//evil.example/x`, which a browser would read as a host again.
    ["/.//evil.example/x", SIGN_IN_FALLBACK],
    ["/x/..//evil.example/x", SIGN_IN_FALLBACK],
    // Other schemes and absolute URLs elsewhere.
    ["javascript:alert(1)", SIGN_IN_FALLBACK],
    ["JaVaScRiPt:alert(1)", SIGN_IN_FALLBACK],
    ["java\tscript:alert(1)", SIGN_IN_FALLBACK],
    ["data:text/html,<script>alert(1)</script>", SIGN_IN_FALLBACK],
    ["https://evil.example/x", SIGN_IN_FALLBACK],
    ["http://console.example:8443/x", SIGN_IN_FALLBACK],
    ["https://console.example/x", SIGN_IN_FALLBACK],
    ["https://console.example:8443@evil.example/x", SIGN_IN_FALLBACK],
    ["https:evil.example/x", "/evil.example/x"],
    ["http:\\\\evil.example/x", SIGN_IN_FALLBACK],
  ];

  it.each(cases)("%j -> %s", (next, expected) => {
    expect(signInNext(next, ORIGIN)).toBe(expected);
  });

  it("treats percent-encoded tricks as what they are once the query is decoded, and never leaves the origin", () => {
    // The raw query values of the attack; URLSearchParams decodes them as the sign-in page does.
    for (const raw of ["/%5Cevil.example/x", "/%09/evil.example/x", "/%0A/evil.example/x", "%2F%2Fevil.example/x", "/%2F/evil.example/x", "%5C%5Cevil.example"]) {
      const next = new URLSearchParams(`next=${raw}`).get("next");
      const path = signInNext(next, ORIGIN);
      expect(new URL(path, ORIGIN).origin, `${raw} -> ${path}`).toBe(ORIGIN);
      expect(path.startsWith("//"), `${raw} -> ${path}`).toBe(false);
    }
    // Still encoded after decoding once: a harmless path of the console.
    expect(signInNext("/%2F%2Fevil.example/x", ORIGIN)).toBe("/%2F%2Fevil.example/x");
  });

  it("falls back when the origin itself is unusable", () => {
    expect(signInNext("/models", "not a url")).toBe(SIGN_IN_FALLBACK);
  });
});
