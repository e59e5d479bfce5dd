import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeHttpTransport } from "./node-http-transport";

let server: https.Server;
let port = 0;
const seen: Array<{ url?: string; authorization?: string; socket: object }> = [];
let previousRejectUnauthorized: string | undefined;

beforeAll(async () => {
  // A self-signed certificate for 127.0.0.1, made for this test (openssl, as on any CI image).
  const dir = mkdtempSync(path.join(os.tmpdir(), "sdk-https-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
    server = https.createServer({ key: readFileSync(`${dir}/key.pem`), cert: readFileSync(`${dir}/cert.pem`) }, (req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization, socket: req.socket });
      if (req.url === "/release") res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      else res.writeHead(304).end();
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  // The certificate is nobody's: this test file's process trusts it for once.
  previousRejectUnauthorized = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
});

afterAll(async () => {
  if (previousRejectUnauthorized === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previousRejectUnauthorized;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("node:https transport (https:// centers)", () => {
  it("GETs with the headers over one kept-alive TLS socket", async () => {
    const transport = createNodeHttpTransport({
      secure: true,
      hostname: "127.0.0.1",
      port: String(port),
      headers: { authorization: "Bearer t0k", accept: "application/json" },
      maxBodyBytes: 1024,
    });
    try {
      const first = await transport.get("/release", 5_000);
      expect(first.status).toBe(200);
      expect(first.body?.toString()).toBe('{"ok":true}');
      expect(await transport.get("/next?revision=1&wait=30s", 5_000)).toEqual({ status: 304, body: null });
      expect(seen.map((s) => [s.url, s.authorization])).toEqual([
        ["/release", "Bearer t0k"],
        ["/next?revision=1&wait=30s", "Bearer t0k"],
      ]);
      expect(seen[1]!.socket).toBe(seen[0]!.socket);
    } finally {
      transport.close();
    }
    await expect(transport.get("/release", 5_000)).rejects.toThrow("the client is closed");
  });
});
