import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTfsClients, getTfsClient } from "./grpc-client";
import { getTfsRestClient } from "./rest-client";

// Failures of the transport itself, against real sockets: nothing listening, or a peer that
// accepts the connection and never answers.
describe("TF Serving clients: unreachable and silent instances", () => {
  let closedPort: number;
  let silent: net.Server;
  let silentPort: number;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentPort = (silent.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    closeTfsClients();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it("maps an unreachable instance to 503 over gRPC and REST", async () => {
    const grpcCall = getTfsClient(`127.0.0.1:${closedPort}`).getModelStatus({ name: "m" }, { timeoutMs: 3000 });
    await expect(grpcCall).rejects.toMatchObject({ code: "unavailable", status: 503, details: { grpcStatus: "UNAVAILABLE" } });
    const restCall = getTfsRestClient(`127.0.0.1:${closedPort}`).getModelStatus({ name: "m" }, { timeoutMs: 3000 });
    await expect(restCall).rejects.toMatchObject({ code: "unavailable", status: 503, message: /unreachable: ECONNREFUSED/ });
  });

  it("maps a missed deadline to 504 over gRPC and REST", async () => {
    const grpcCall = getTfsClient(`127.0.0.1:${silentPort}`).getModelStatus({ name: "m" }, { timeoutMs: 200 });
    await expect(grpcCall).rejects.toMatchObject({ code: "timeout", status: 504, details: { grpcStatus: "DEADLINE_EXCEEDED" } });
    const restCall = getTfsRestClient(`127.0.0.1:${silentPort}`).predict({ model: { name: "m" }, instances: [1] }, { timeoutMs: 200 });
    await expect(restCall).rejects.toMatchObject({ code: "timeout", status: 504 });
  });

  it("reuses one client (one channel) per address", () => {
    expect(getTfsClient(`127.0.0.1:${closedPort}`)).toBe(getTfsClient(`127.0.0.1:${closedPort}`));
    expect(getTfsClient(`127.0.0.1:${closedPort}`)).not.toBe(getTfsClient(`127.0.0.1:${silentPort}`));
  });
});
