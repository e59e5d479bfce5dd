import { describe, expect, it } from "vitest";
import { readCookie } from "./cookies";

const withCookie = (cookie: string) => new Request("http://console.test/", { headers: { cookie } });

describe("readCookie", () => {
  it("decodes the named cookie among others", () => {
    expect(readCookie(withCookie("a=1; sc_session=abc%2Bdef; b=2"), "sc_session")).toBe("abc+def");
    expect(readCookie(withCookie("a=1"), "sc_session")).toBeUndefined();
  });

  it.each(["%E0%A4%A", "%", "abc%zz", "%ED%A0%80"])("reads a value that is not valid percent-encoding (%s) as no cookie", (value) => {
    expect(readCookie(withCookie(`sc_session=${value}`), "sc_session")).toBeUndefined();
  });

  it("does not mind another cookie that is malformed", () => {
    expect(readCookie(withCookie("other=%E0%A4%A; sc_session=ok"), "sc_session")).toBe("ok");
  });
});
