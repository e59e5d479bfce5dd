#!/usr/bin/env node
// Serves the production build of the console through our own HTTP server
// (scripts/lib/console-server.mjs): `npm start` and the end-to-end server run this instead of
// `next start`. HOST and PORT say where to listen; NEXT_DIST_DIR (next.config.ts) which build.
import path from "node:path";
import { runBeforeExit, startConsoleServer } from "./lib/console-server.mjs";

const hostname = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? "3000");
const { server, app } = await startConsoleServer({ dir: path.resolve("."), hostname, port });
console.log(`Console listening on http://${hostname}:${port}`);

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  // Stop taking connections, write what was queued (telemetry), let running requests finish,
  // then let Next.js clean up.
  const written = runBeforeExit();
  server.close(() => {
    written.then(() => app.close()).finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
  server.closeIdleConnections();
  // Long polls and streams do not end by themselves: give them a moment, then go.
  setTimeout(() => process.exit(signal === "SIGINT" ? 130 : 143), 5_000).unref();
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
