import { api } from "@/server/contracts/api";
import type { ScoreRequestInput } from "@/server/contracts/scoring";

/** The request as a curl command, shell-quoted; the session cookie is a placeholder (a secret is never copied). */
export function curlCommand(origin: string, req: ScoreRequestInput): string {
  const body = JSON.stringify(req).replace(/'/g, "'\\''");
  return `curl -X ${api.score.method} '${origin}${api.score.path}' -H 'content-type: application/json' -H 'cookie: sc_session=<your session>' -d '${body}'`;
}
