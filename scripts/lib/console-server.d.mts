import type { IncomingMessage, Server, ServerResponse } from "node:http";

export const CLIENT_IP_HEADER: "x-scoring-client-ip";
export const FAST_ROUTE_KEY: "__scoringFastRoute";
export function stampClientIp(req: IncomingMessage): void;
export function createConsoleServer(handle: (req: IncomingMessage, res: ServerResponse) => unknown): Server;
export function startConsoleServer(opts: { dir: string; hostname: string; port: number }): Promise<{ server: Server; app: { close(): Promise<void> } }>;
