import fs from "node:fs";
import path from "node:path";
import type { RouteHandler } from "../support/call-route";

export interface DiscoveredRoute {
  method: string;
  /** OpenAPI-style path derived from the folder: [app] -> {app} */
  path: string;
  file: string;
}

const ROOT = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Every (method, path) that a route.ts under app/api exports. */
export function discoverRoutes(dir = ROOT): DiscoveredRoute[] {
  const out: DiscoveredRoute[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...discoverRoutes(full));
    else if (entry.name === "route.ts") {
      const src = fs.readFileSync(full, "utf8");
      const rel = path.relative(path.resolve(ROOT, ".."), path.dirname(full)).split(path.sep).join("/");
      const apiPath = `/${rel}`.replace(/\[([^\]]+)\]/g, "{$1}");
      for (const m of METHODS) if (new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b`).test(src)) out.push({ method: m, path: apiPath, file: full });
    }
  }
  return out;
}

export async function loadHandler(route: DiscoveredRoute): Promise<RouteHandler> {
  const mod = (await import(route.file)) as Record<string, RouteHandler>;
  const h = mod[route.method];
  if (!h) throw new Error(`${route.file} does not export ${route.method}`);
  return h;
}
