import { describe, expect, it } from "vitest";
import { parseRows } from "./parse-rows";

describe("parseRows", () => {
  it.each([
    {
      name: "getKV csv, float vectors quoted",
      opts: { operator: "getKV", encoding: "float_vector", format: "csv", text: 'key,value\nu1,"0.1,0.2"\nu2,[1]\n' },
      entries: [{ key: "u1", value: [0.1, 0.2] }, { key: "u2", value: [1] }],
    },
    {
      name: "getKKV csv, rows of one key grouped",
      opts: { operator: "getKKV", encoding: "json", format: "csv", text: "key,field,value\nk,score,0.5\nk,n,3\nj,score,1\n" },
      entries: [{ key: "k", map: { score: 0.5, n: 3 } }, { key: "j", map: { score: 1 } }],
    },
    {
      name: "getKV jsonl, integer key",
      opts: { operator: "getKV", encoding: "float_vector", format: "jsonl", text: '{"key":234,"value":[1,2]}\n\n{"key":"u","value":"3,4"}' },
      entries: [{ key: "234", value: [1, 2] }, { key: "u", value: [3, 4] }],
    },
    {
      name: "getKKV jsonl, both row shapes",
      opts: { operator: "getKKV", encoding: "json", format: "jsonl", text: '{"key":"k","fields":{"a":1,"b":{"x":2}}}\n{"key":"k","field":"c","value":true}\n' },
      entries: [{ key: "k", map: { a: 1, b: { x: 2 }, c: true } }],
    },
  ] as const)("$name", ({ opts, entries }) => {
    expect(parseRows(opts)).toEqual({ ok: true, entries, rows: expect.any(Number) });
  });

  it.each([
    {
      name: "wrong header",
      opts: { operator: "getKKV", encoding: "json", format: "csv", text: "key,value\nk,1\n" },
      lines: [1],
    },
    {
      name: "every bad csv line, sorted by line",
      opts: { operator: "getKV", encoding: "float_vector", format: "csv", text: 'key,value\nu1,0.1,0.2\nu2,abc\nu3,"1"x\n,1\nu5,1\nu5,2\n' },
      lines: [2, 3, 4, 5, 7],
    },
    {
      name: "every bad jsonl line",
      opts: { operator: "getKKV", encoding: "json", format: "jsonl", text: '{"key":"k","field":"a","value":1}\nnot json\n[1]\n{"key":"k","field":"a","value":2}\n{"key":"k","value":1}\n{"key":1.5,"field":"a","value":1}\n{"key":"k","fields":[1]}\n{"key":"k","field":"z"}\n{"key":"k","field":"b","value":1,"extra":1}\n' },
      lines: [2, 3, 4, 5, 6, 7, 8, 9],
    },
    { name: "an empty file", opts: { operator: "getKV", encoding: "json", format: "jsonl", text: "\n\n" }, lines: [1] },
  ] as const)("reports $name", ({ opts, lines }) => {
    const r = parseRows(opts);
    if (r.ok) throw new Error("parsed a bad file");
    expect(r.errors.map((e) => e.line)).toEqual(lines);
    expect(r.truncated).toBe(false);
  });

  it("says where in the line a value is wrong and what is wrong with it", () => {
    const csv = parseRows({ operator: "getKV", encoding: "float_vector", format: "csv", text: "key,value\nu1,abc\n" });
    expect(csv).toEqual({ ok: false, truncated: false, errors: [{ line: 2, message: 'Column value: "abc" is not a number' }] });
    const kkv = parseRows({ operator: "getKKV", encoding: "float_vector", format: "jsonl", text: '{"key":"g1","field":"price","value":"1,abc"}\n' });
    expect(kkv).toEqual({ ok: false, truncated: false, errors: [{ line: 1, message: 'Field price: "abc" (item 2 of 2) is not a number' }] });
  });

  it("caps the error list and says so", () => {
    const text = "key,value\n" + Array.from({ length: 30 }, (_, i) => `u${i},x`).join("\n");
    const r = parseRows({ operator: "getKV", encoding: "float_vector", format: "csv", text, maxErrors: 5 });
    expect(r).toMatchObject({ ok: false, truncated: true });
    if (!r.ok) expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it("is not truncated when the errors exactly fill the cap", () => {
    const r = parseRows({ operator: "getKV", encoding: "float_vector", format: "csv", text: "key,value\na,x\nb,y\n", maxErrors: 2 });
    expect(r).toMatchObject({ ok: false, truncated: false });
  });
});
