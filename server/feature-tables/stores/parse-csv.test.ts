import { describe, expect, it } from "vitest";
import { parseCsv } from "./parse-csv";

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and newlines, keeping each record's first line", () => {
    const text = '\uFEFFkey,value\r\nu1,"0.1,0.2"\r\n\r\nu2,"say ""hi"""\nu3,"two\nlines"\nu4,plain\n';
    expect(parseCsv(text)).toEqual({
      errors: [],
      records: [
        { line: 1, fields: ["key", "value"] },
        { line: 2, fields: ["u1", "0.1,0.2"] },
        { line: 4, fields: ["u2", 'say "hi"'] },
        { line: 5, fields: ["u3", "two\nlines"] },
        { line: 7, fields: ["u4", "plain"] },
      ],
    });
  });

  it("keeps empty fields", () => {
    expect(parseCsv("a,,\n").records).toEqual([{ line: 1, fields: ["a", "", ""] }]);
  });

  it.each([
    ['key,value\nu1,"never closed\nu2,x\n', [{ line: 2, message: "a quoted field is never closed" }]],
    ['key,value\nu1,"a"b\nu2,ok\n', [{ line: 2, message: expect.stringContaining("after a closing quote") }]],
    ['key,value\nu1,a"b\nu2,c"d\n', [
      { line: 2, message: expect.stringContaining("quote inside an unquoted field") },
      { line: 3, message: expect.stringContaining("quote inside an unquoted field") },
    ]],
  ])("reports malformed records by line: %j", (text, errors) => {
    expect(parseCsv(text).errors).toEqual(errors);
  });
});
