import type { DagDocument, TriggerSettings } from "./dag";

/**
 * Trigger hook header values and credentials inside hook URLs are write-only, like connection
 * passwords: every answer and new audit row shows them as SECRET_MASK, and a save that sends
 * SECRET_MASK back keeps the stored value (server/dag/documents/keep-dag-secrets.ts). Client-safe:
 * the side panel compares values with SECRET_MASK to know which ones the person replaced.
 */
export const SECRET_MASK = "••••";

/** `scheme://user:pass@` anywhere in a text (a URL alone, or an error message that names one). */
const URL_CREDENTIALS = /\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^\s/?#\\@]*(?:@[^\s/?#\\@]*)*)@/g;

/** Masks the user and password of every URL in `text` (`https://••••:••••@host/x`); the rest is kept. */
export function maskUrlCredentials(text: string): string;
export function maskUrlCredentials(text: string | null): string | null;
export function maskUrlCredentials(text: string | null): string | null {
  if (text === null) return null;
  return text.replace(URL_CREDENTIALS, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(":");
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const hasPassword = colon >= 0 && userinfo.length > colon + 1;
    return `${scheme}${user ? SECRET_MASK : ""}${hasPassword ? `:${SECRET_MASK}` : ""}@`;
  });
}

/** Whether a URL (as the browser sent it back) carries masked credentials to be restored. */
export function hasMaskedCredentials(url: string): boolean {
  const userinfo = new RegExp(URL_CREDENTIALS.source).exec(url)?.[2];
  return userinfo !== undefined && userinfo.includes(SECRET_MASK);
}

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === "" ? "" : SECRET_MASK]));
}

export function maskTriggerSettings(trigger: TriggerSettings): TriggerSettings {
  return { ...trigger, hookUrl: maskUrlCredentials(trigger.hookUrl), headers: maskHeaders(trigger.headers ?? {}) };
}

/**
 * The one function a DAG document passes through before it leaves the server for a person: the
 * DAG API, change requests, conflicts and audit rows all show it like this.
 */
export function maskDagDocument<D extends DagDocument>(document: D): D {
  return { ...document, nodes: document.nodes.map((node) => (node.trigger ? { ...node, trigger: maskTriggerSettings(node.trigger) } : node)) };
}

/**
 * An audit row's before/after of a DAG (`{ version, document, alertWebhookUrl }`) or an
 * allow-list entry (`{ url, … }`), masked: new rows are written masked, and rows written
 * before are shown masked too (the log itself is append-only: see the README on rotation).
 */
export function maskDagAuditValue(value: unknown): unknown {
  if (!value || typeof value !== "object") return value;
  const v = value as { document?: { nodes?: unknown }; alertWebhookUrl?: unknown; url?: unknown };
  const out: Record<string, unknown> = { ...v };
  if (v.document && Array.isArray(v.document.nodes)) out.document = maskDagDocument(v.document as DagDocument);
  if (typeof v.alertWebhookUrl === "string") out.alertWebhookUrl = maskUrlCredentials(v.alertWebhookUrl);
  if (typeof v.url === "string") out.url = maskUrlCredentials(v.url);
  return out;
}
