import type { ConsoleApi } from "./console-api";

/**
 * fg packages by class@version from the console (GET /api/v1/fg/classes/{c}/versions/{v}, token
 * scope config:read). A published version is immutable, so a found package is kept for the
 * process's life; a miss is not kept (it may be published next).
 */
export function consoleFgPackages<Pkg = unknown>(api: ConsoleApi): (className: string, version: string) => Promise<Pkg | null> {
  const found = new Map<string, Pkg>();
  return async (className, version) => {
    const key = `${className}@${version}`;
    const hit = found.get(key);
    if (hit) return hit;
    const detail = await api.get<{ package?: Pkg }>(`/api/v1/fg/classes/${encodeURIComponent(className)}/versions/${encodeURIComponent(version)}`, { missingIsNull: true });
    const pkg = detail?.package ?? null;
    if (pkg) found.set(key, pkg);
    return pkg;
  };
}
