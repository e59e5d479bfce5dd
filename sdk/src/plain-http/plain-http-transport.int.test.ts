import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { waitUntil } from "@/test/support/etcd";
import { createPlainHttpTransport, type PlainHttpTransport } from "./plain-http-transport";

const servers: Array<http.Server | net.Server> = [];
const transports: PlainHttpTransport[] = [];

afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close();
  await Promise.all(
    servers.splice(0).map((server) => {
      if (server instanceof http.Server) server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

async function listen<T extends http.Server | net.Server>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function transportTo(port: number, maxBodyBytes = 1024 * 1024): PlainHttpTransport {
  const transport = createPlainHttpTransport({
    host: "127.0.0.1",
    port,
    hostHeader: `127.0.0.1:${port}`,
    headers: ["Authorization: Bearer t0k", "Accept: application/json"],
    maxBodyBytes,
  });
  transports.push(transport);
  return transport;
}

/** A node:http server; counts the sockets it saw. */
async function httpServer(handle: (req: http.IncomingMessage, res: http.ServerResponse, socketNumber: number) => void) {
  const sockets = new Map<object, number>();
  const server = http.createServer((req, res) => {
    if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size + 1);
    handle(req, res, sockets.get(req.socket)!);
  });
  const port = await listen(server);
  return { server, port, sockets };
}

describe("plain HTTP transport against node:http servers", () => {
  it("sends the request line and headers and reuses one socket for requests one after another", async () => {
    const seen: Array<{ url?: string; headers: http.IncomingHttpHeaders; socket: number }> = [];
    const { port } = await httpServer((req, res, socket) => {
      seen.push({ url: req.url, headers: req.headers, socket });
      if (req.url === "/a") res.writeHead(200, { "content-type": "application/json" }).end('{"x":1}');
      else if (req.url === "/chunked") {
        res.writeHead(200);
        res.write("part one, ");
        setImmediate(() => res.end("part two"));
      } else res.writeHead(304).end();
    });
    const transport = transportTo(port);
    const first = await transport.get("/a", 5_000);
    expect(first.status).toBe(200);
    expect(first.body?.toString()).toBe('{"x":1}');
    expect(await transport.get("/b?revision=3&wait=30s", 5_000)).toEqual({ status: 304, body: null });
    expect((await transport.get("/chunked", 5_000)).body?.toString()).toBe("part one, part two");
    expect(seen.map((s) => [s.url, s.socket])).toEqual([
      ["/a", 1],
      ["/b?revision=3&wait=30s", 1],
      ["/chunked", 1],
    ]);
    expect(seen[0]!.headers).toMatchObject({ host: `127.0.0.1:${port}`, authorization: "Bearer t0k", accept: "application/json", connection: "keep-alive" });
  });

  it("answers requests at once on sockets of their own", async () => {
    const held: http.ServerResponse[] = [];
    const { port, sockets } = await httpServer((req, res) => {
      held.push(res);
      if (held.length === 3) for (const [i, r] of held.entries()) r.writeHead(200).end(`answer ${i}`);
    });
    const transport = transportTo(port);
    const answers = await Promise.all(["/1", "/2", "/3"].map((path) => transport.get(path, 5_000)));
    expect(answers.map((a) => a.body?.toString()).sort()).toEqual(["answer 0", "answer 1", "answer 2"]);
    expect(sockets.size).toBe(3);
  });

  it("opens a new socket after Connection: close and after the server ended an idle one", async () => {
    const { server, port, sockets } = await httpServer((req, res) => {
      if (req.url === "/close") res.setHeader("connection", "close");
      res.writeHead(204).end();
    });
    const transport = transportTo(port);
    await transport.get("/close", 5_000);
    await transport.get("/next", 5_000);
    expect(sockets.size).toBe(2);
    // The server's keep-alive timeout ends the idle socket: the transport drops it.
    server.keepAliveTimeout = 1;
    await transport.get("/short", 5_000);
    await waitUntil(() => [...sockets.keys()].every((socket) => (socket as net.Socket).destroyed), { what: "the server to end the idle socket" });
    expect(await transport.get("/after", 5_000)).toEqual({ status: 204, body: null });
    expect(sockets.size).toBe(3);
  });

  it("asks again at once, once, when a reused socket is closed under the request", async () => {
    const requests: number[] = [];
    const { port } = await httpServer((req, res, socket) => {
      requests.push(socket);
      // The second request on any socket finds it closed, as when the keep-alive timeout ends it just then.
      if (requests.filter((s) => s === socket).length > 1) return void req.socket.destroy();
      res.writeHead(200).end("ok");
    });
    const transport = transportTo(port);
    expect((await transport.get("/1", 5_000)).body?.toString()).toBe("ok");
    expect((await transport.get("/2", 5_000)).body?.toString()).toBe("ok");
    expect(requests).toEqual([1, 1, 2]);
  });

  it("fails a request on a new socket the server closes, without asking again", async () => {
    let count = 0;
    const { port } = await httpServer((req) => {
      count++;
      req.socket.destroy();
    });
    await expect(transportTo(port).get("/x", 5_000)).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(count).toBe(1);
  });

  it("fails a request when no byte comes within the timeout", async () => {
    const { port } = await httpServer(() => undefined);
    await expect(transportTo(port).get("/silent", 50)).rejects.toThrow("no answer within 50 ms");
  });

  it("fails an answer over the size limit, cut off or malformed, and a refused connection", async () => {
    const { port } = await httpServer((req, res) => {
      if (req.url === "/big") res.writeHead(200).end("x".repeat(2_000));
      else if (req.url === "/cut") {
        res.writeHead(200, { "content-length": "100" });
        res.write("partial", () => req.socket.destroy());
      }
    });
    await expect(transportTo(port, 1_000).get("/big", 5_000)).rejects.toThrow("the answer is over 1000 bytes");
    await expect(transportTo(port).get("/cut", 5_000)).rejects.toThrow(/cut off|closed/);
    // resume(): the server reads, so it sees the client close the connection.
    const raw = net.createServer((socket) => socket.resume().end("HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n"));
    await expect(transportTo(await listen(raw)).get("/x", 5_000)).rejects.toThrow(/Content-Length/);
    const unused = net.createServer();
    const closedPort = await listen(unused);
    await new Promise((resolve) => unused.close(resolve));
    servers.splice(servers.indexOf(unused), 1);
    await expect(transportTo(closedPort).get("/x", 5_000)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("reads an answer whose body lasts until the server closes, and does not reuse that socket", async () => {
    let connections = 0;
    const raw = net.createServer((socket) => {
      connections++;
      socket.once("data", () => socket.end('HTTP/1.1 200 OK\r\n\r\n{"until":"close"}'));
    });
    const transport = transportTo(await listen(raw));
    expect((await transport.get("/1", 5_000)).body?.toString()).toBe('{"until":"close"}');
    expect((await transport.get("/2", 5_000)).body?.toString()).toBe('{"until":"close"}');
    expect(connections).toBe(2);
  });

  it("rejects requests in flight and later ones once closed", async () => {
    const { port } = await httpServer(() => undefined);
    const transport = transportTo(port);
    const pending = transport.get("/held", 5_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    transport.close();
    await expect(pending).rejects.toThrow("the client is closed");
    await expect(transport.get("/later", 5_000)).rejects.toThrow("the client is closed");
  });
});
