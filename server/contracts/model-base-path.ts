/**
 * A model's base path as TF Serving reads it: a local folder, or a URI of one of its file
 * systems (gs://, s3://, hdfs://…). Client-safe and pure: the create form and the API share it,
 * the dev model server checks its roots with the same helpers.
 */

const URI = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s;

export type BasePathResult = { ok: true; path: string } | { ok: false; message: string };

/** The local folder a base path names (file:// included), or null for another file system's URI. */
export function localPartOf(basePath: string): string | null {
  const m = URI.exec(basePath);
  if (!m) return basePath;
  return m[1]!.toLowerCase() === "file" ? m[2]! : null;
}

function hasDotDot(segments: string[]): boolean {
  return segments.some((s) => {
    let decoded = s;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      // Not percent-encoded text: compared as written.
    }
    return decoded === "..";
  });
}

/**
 * `..` is refused rather than resolved: a path that climbs out of where it says it is has no
 * honest use, and resolving it would hide what was asked for. Local paths lose `.` segments,
 * doubled and trailing slashes; other file systems' URIs are kept as written.
 */
export function normalizeBasePath(raw: string): BasePathResult {
  const value = raw.trim();
  if (!value) return { ok: false, message: "Where the version folders live, e.g. /models/favpush_lr" };
  if (/[\u0000-\u001f\u007f]/.test(value)) return { ok: false, message: "A base path has no control characters" };
  const m = URI.exec(value);
  const isFile = m !== null && m[1]!.toLowerCase() === "file";
  const rest = m ? m[2]! : value;
  if (hasDotDot(rest.split("/"))) return { ok: false, message: 'A base path may not contain ".." segments' };
  if (m && !isFile) return { ok: true, path: value };
  const local = normalizeLocal(rest);
  if (!local) return { ok: false, message: "Where the version folders live, e.g. /models/favpush_lr" };
  return { ok: true, path: isFile ? `file://${local}` : local };
}

function normalizeLocal(p: string): string {
  const absolute = p.startsWith("/");
  const segments = p.split("/").filter((s) => s !== "" && s !== ".");
  const joined = segments.join("/");
  return absolute ? `/${joined}` : joined;
}

/** True when a normalised local path is one of the roots or inside one (segment by segment). */
export function isUnderRoots(localPath: string, roots: readonly string[]): boolean {
  if (!localPath.startsWith("/")) return false;
  return roots.some((root) => {
    const r = normalizeLocal(root);
    return r === "/" || localPath === r || localPath.startsWith(`${r}/`);
  });
}
