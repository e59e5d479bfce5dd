/**
 * The security headers of every answer, in one place (README, *Hardening*). Pages get a
 * nonce-based Content-Security-Policy from proxy.ts, which runs only on page paths so no
 * upload body passes through it (a proxy clones and caps bodies); API routes and static files
 * get theirs from next.config.ts. Plain strings only: next.config.ts imports this file.
 */

/** Sent with every answer, pages, API and static files alike. */
export const COMMON_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  // Same-origin requests keep their Referer; links out of the console do not carry its URLs.
  { key: "Referrer-Policy", value: "same-origin" },
];

/** API answers are JSON, never a document: nothing may load from them, nobody may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Sent only behind HTTPS (COOKIE_SECURE=1): over plain HTTP a browser ignores it anyway. */
export const HSTS = "max-age=31536000";

/**
 * A page's policy. Next.js reads the nonce from the request's copy of this header and puts it
 * on its own scripts and styles; 'strict-dynamic' lets those scripts load the page's chunks.
 * Style attributes in server-rendered markup cannot carry a nonce and run no script, so
 * style-src-attr allows them while <style> and <link> elements still need the nonce or 'self'.
 */
export function pageCsp(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // React's development build reconstructs server stacks with eval; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** A fresh, unguessable nonce for one page request. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
