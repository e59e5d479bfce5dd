import { describe, expect, it } from "vitest";
import { ResponseParser, type ParsedResponse } from "./response-parser";

/** Feeds `raw` in pieces of `step` bytes (every split point once step is 1); the response, or "more" when unfinished. */
function parse(raw: string, step = raw.length, maxBody = 1024): ParsedResponse | "more" {
  const parser = new ResponseParser(maxBody);
  const bytes = Buffer.from(raw, "latin1");
  for (let at = 0; at < bytes.length; at += step) {
    const answer = parser.push(bytes.subarray(at, at + step));
    if (answer) {
      // Anything after the response arrives in the same or a later read.
      if (at + step < bytes.length) parser.push(bytes.subarray(at + step));
      return { ...answer, keepAlive: answer.keepAlive && !parser.extra };
    }
  }
  return "more";
}

const bodyText = (answer: ParsedResponse | "more") => (answer === "more" ? "more" : answer.body?.toString("latin1"));
const steps = [1, 2, 3, 7, 1000];

describe("ResponseParser", () => {
  it.each(steps)("reads a body by Content-Length, in reads of %i bytes", (step) => {
    const answer = parse("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"b c\"}", step);
    expect(answer).toEqual({ status: 200, body: Buffer.from('{"a":"b c"}'), keepAlive: true });
  });

  it.each(steps)("reads a chunked body with extensions and trailers, in reads of %i bytes", (step) => {
    const raw = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\na\r\n, world!!!\r\n0\r\nX-Trailer: t\r\n\r\n";
    const answer = parse(raw, step);
    expect(bodyText(answer)).toBe("hello, world!!!");
    expect(answer).toMatchObject({ status: 200, keepAlive: true });
  });

  it("reads 304 and 204 without a body, and keeps the connection", () => {
    expect(parse("HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n")).toEqual({ status: 304, body: null, keepAlive: true });
    expect(parse("HTTP/1.1 204 No Content\r\n\r\n")).toEqual({ status: 204, body: null, keepAlive: true });
  });

  it("reads past the body of another status and drops it", () => {
    expect(parse("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found", 4)).toEqual({ status: 404, body: null, keepAlive: true });
    expect(parse("HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nno!\r\n0\r\n\r\n", 1)).toEqual({ status: 401, body: null, keepAlive: true });
  });

  it("gives up the connection on Connection: close, on HTTP/1.0 unless kept alive, and on bytes past the answer", () => {
    expect(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}")).toMatchObject({ keepAlive: false });
    expect(parse("HTTP/1.1 304 x\r\nconnection: Upgrade, Close\r\n\r\n")).toMatchObject({ keepAlive: false });
    expect(parse("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}")).toMatchObject({ keepAlive: false });
    expect(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}")).toMatchObject({ keepAlive: true });
    expect(parse("HTTP/1.1 304 x\r\n\r\nHTTP/1.1 304 x\r\n\r\n")).toMatchObject({ keepAlive: false });
    expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}x", 1)).toMatchObject({ body: Buffer.from("{}"), keepAlive: false });
  });

  it("reads a body without length up to the end of the connection", () => {
    const parser = new ResponseParser(1024);
    expect(parser.push(Buffer.from("HTTP/1.1 200 OK\r\n\r\n{\"a\""))).toBeNull();
    expect(parser.push(Buffer.from(":1}"))).toBeNull();
    expect(parser.end()).toEqual({ status: 200, body: Buffer.from('{"a":1}'), keepAlive: false });
    const other = new ResponseParser(1024);
    other.push(Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz"));
    expect(other.end()).toMatchObject({ body: Buffer.from("zz"), keepAlive: false });
  });

  it.each([
    ["in the head", "HTTP/1.1 200 OK\r\nContent-Le"],
    ["in a Content-Length body", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab"],
    ["in a chunked body", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"],
    ["before the last chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n"],
  ])("says an answer ended %s was cut off", (_, raw) => {
    const parser = new ResponseParser(1024);
    expect(parser.push(Buffer.from(raw))).toBeNull();
    expect(parser.started).toBe(true);
    expect(() => parser.end()).toThrow(/cut off/);
  });

  it("skips interim answers", () => {
    expect(parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", 1)).toEqual({
      status: 200,
      body: Buffer.from("{}"),
      keepAlive: true,
    });
  });

  it.each([
    ["a body over the limit by Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", /over 10 bytes/],
    ["a chunked body over the limit", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n123456\r\n6\r\n123456\r\n", /over 10 bytes/],
    ["a body without length over the limit", "HTTP/1.1 200 OK\r\n\r\n12345678901", /over 10 bytes/],
    ["another protocol", "SSH-2.0-OpenSSH\r\n\r\n", /not HTTP/],
    ["HTTP/2 text", "HTTP/2 200\r\n\r\n", /not HTTP/],
    ["a status that is not three digits", "HTTP/1.1 20 OK\r\n\r\n", /not HTTP/],
    ["a header without a colon", "HTTP/1.1 200 OK\r\nContent-Length 2\r\n\r\n{}", /malformed header/],
    ["a header without a colon before one with", "HTTP/1.1 200 OK\r\nX-Broken\r\nContent-Length: 2\r\n\r\n{}", /malformed header/],
    ["a header with an empty name", "HTTP/1.1 200 OK\r\n: 2\r\n\r\n{}", /malformed header/],
    ["a folded header", "HTTP/1.1 200 OK\r\nX-A: 1\r\n  more\r\n\r\n", /malformed header/],
    ["a space before the colon", "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\n{}", /malformed header/],
    ["a negative Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", /Content-Length/],
    ["two Content-Lengths that differ", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", /Content-Length/],
    ["a chunk size that is not hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", /chunk size/],
    ["a chunk not ended by CRLF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", /not ended by CRLF/],
    ["chunked after another coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", /other than chunked/],
    ["switching protocols", "HTTP/1.1 101 Switching Protocols\r\n\r\n", /switched/],
    ["a head over 64 KiB", `HTTP/1.1 200 OK\r\nX-Big: ${"x".repeat(70_000)}`, /head is over/],
    ["a chunk line over 4 KiB", `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;${"x".repeat(5_000)}`, /too long/],
  ])("refuses %s", (_, raw, message) => {
    for (const step of [1, raw.length]) expect(() => parse(raw, step, 10)).toThrow(message);
  });

  it("reads header names in any case and ignores other headers that look alike", () => {
    expect(parse("HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 2\r\nContent-Lengthy: 9\r\nX-Connection: close\r\nconnectioN:  keep-alive \r\n\r\n{}")).toEqual({
      status: 200,
      body: Buffer.from("{}"),
      keepAlive: true,
    });
  });

  it("accepts two equal Content-Lengths, and reads the next response after reset()", () => {
    const parser = new ResponseParser(1024);
    expect(parser.push(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}"))).toMatchObject({ body: Buffer.from("{}") });
    parser.reset();
    expect(parser.started).toBe(false);
    expect(parser.push(Buffer.from("HTTP/1.1 304 Not Modified\r\n\r\n"))).toEqual({ status: 304, body: null, keepAlive: true });
  });
});
