import { DeclarativeSpecSchema, type DeclarativeSpec } from "@/server/contracts/fg";
import { unprocessable } from "@/server/errors";

/**
 * Checks a declarative fg spec (schema in server/contracts/fg.ts) and returns it typed, or
 * throws unprocessable with every problem at its JSON path (`$.inputs[0].sources[1].path`).
 */
export function validateDeclarativeSpec(x: unknown): DeclarativeSpec {
  const parsed = DeclarativeSpecSchema.safeParse(x);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
  const first = problems[0];
  throw unprocessable(`Invalid declarative fg spec: ${first ? `${first.path}: ${first.message}` : "unknown problem"}`, { problems });
}

function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : `${acc}.${String(p)}`), "$");
}
