import { maskUrlCredentials } from "@/server/contracts/dag-secrets";

/**
 * Where a hook or alert request goes. fetch refuses URLs with credentials in them, so they are
 * sent as HTTP Basic authorization instead (what a client does with `https://user:pass@host/`);
 * `shown` is the URL for messages and history, credentials masked.
 */
export function hookTarget(url: string): { url: string; authorization: string | null; shown: string } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { url, authorization: null, shown: url };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = "";
  parsed.password = "";
  return { url: parsed.href, authorization: `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`, shown: maskUrlCredentials(url) };
}
