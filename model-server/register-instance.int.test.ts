import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import type { RunningModelServer } from "./start-model-server";
import { closedPort, modelConfig, publishJsonModel, removeTempDirs, startQuietServer, tempDir, waitFor } from "./test-support";

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

describe("dev model server: registry self-registration", () => {
  const received: Received[] = [];
  let registry: http.Server;
  let registryUrl: string;
  let base: string;
  const servers: RunningModelServer[] = [];

  beforeAll(async () => {
    // The first PUT fails: registration must carry on regardless.
    registry = http.createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString()));
      req.on("end", () => {
        received.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, body: JSON.parse(text) });
        res.writeHead(received.length === 1 ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
    registryUrl = `http://127.0.0.1:${(registry.address() as { port: number }).port}`;
    base = path.join(tempDir("registry"), "m");
    publishJsonModel(base, 1, { kind: "logistic_regression", inputs: [{ name: "x", size: 1 }], weights: [1], bias: 0 });
  });

  afterAll(async () => {
    closeTfsClients();
    await Promise.all(servers.map((s) => s.close()));
    await new Promise<void>((resolve) => registry.close(() => resolve()));
    removeTempDirs();
  });

  it("PUTs each served model to the registry every interval, retrying after a failure", async () => {
    const server = await startQuietServer({
      models: [modelConfig("m", base)],
      registry: { url: `${registryUrl}/`, token: "s3cret", intervalSeconds: 0.05, ttlSeconds: 15 },
    });
    servers.push(server);
    await waitFor(() => (received.length >= 3 ? true : undefined), "three registrations");
    for (const r of received.slice(0, 3)) {
      expect(r).toEqual({
        method: "PUT",
        url: "/api/v1/registry/instances",
        authorization: "Bearer s3cret",
        body: { model: "m", address: `127.0.0.1:${server.grpcPort}`, restAddress: `127.0.0.1:${server.restPort}`, ttlSeconds: 15 },
      });
    }
  });

  it("keeps serving when the registry is unreachable", async () => {
    const server = await startQuietServer({
      models: [modelConfig("m", base)],
      registry: { url: `http://127.0.0.1:${await closedPort()}`, token: "t", intervalSeconds: 0.05 },
    });
    servers.push(server);
    const status = await getTfsClient(`127.0.0.1:${server.grpcPort}`).getModelStatus({ name: "m" });
    expect(status).toEqual([{ version: 1, state: "AVAILABLE", error: null }]);
  });
});
