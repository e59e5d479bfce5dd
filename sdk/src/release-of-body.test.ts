import { describe, expect, it } from "vitest";
import { releaseOfBody } from "./release-of-body";
import { releasedDocument } from "./test-documents";
import { ConfigClientError } from "./core/published/types";

const bodyOf = (app: string, revision: number) =>
  Buffer.from(JSON.stringify({ app, revision, releaseId: `r${revision}`, document: releasedDocument("m1"), versions: { v: String(revision) } }));

describe("releaseOfBody", () => {
  it("parses a release once for equal bytes and hands out one frozen object", () => {
    const first = releaseOfBody("shared-a", bodyOf("shared-a", 1));
    const again = releaseOfBody("shared-a", bodyOf("shared-a", 1));
    expect(again).toBe(first);
    expect(first).toMatchObject({ app: "shared-a", revision: 1, releaseId: "r1", versions: { v: "1" } });
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.versions)).toBe(true);
    expect(Object.isFrozen((first.document as { solutions: object[] }).solutions[0])).toBe(true);
  });

  it("parses other bytes anew, per app", () => {
    const one = releaseOfBody("shared-b", bodyOf("shared-b", 1));
    const two = releaseOfBody("shared-b", bodyOf("shared-b", 2));
    expect(two.revision).toBe(2);
    expect(two).not.toBe(one);
    // Another app with its own bytes does not displace this app's last body.
    releaseOfBody("shared-c", bodyOf("shared-c", 2));
    expect(releaseOfBody("shared-b", bodyOf("shared-b", 2))).toBe(two);
  });

  it("refuses, every time, a body that is not a release or is another app's", () => {
    for (const body of [Buffer.from("not json"), Buffer.from("{}"), bodyOf("other", 1), Buffer.from('{"app":"shared-d","revision":1,"releaseId":"r","versions":{"v":1}}')]) {
      for (let i = 0; i < 2; i++) {
        expect(() => releaseOfBody("shared-d", body)).toThrow(expect.objectContaining({ code: "bad_response" }) as ConfigClientError);
      }
    }
  });

  it("remembers a bounded number of apps", () => {
    const first = releaseOfBody("bounded-0", bodyOf("bounded-0", 1));
    for (let i = 1; i <= 64; i++) releaseOfBody(`bounded-${i}`, bodyOf(`bounded-${i}`, 1));
    const again = releaseOfBody("bounded-0", bodyOf("bounded-0", 1));
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });
});
