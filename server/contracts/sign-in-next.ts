/** Where sign-in sends a person when `next` is missing or would leave the console. */
export const SIGN_IN_FALLBACK = "/";

/**
 * The same-origin path to go to after sign-in, from the `next` query value (already decoded,
 * as URLSearchParams gives it). Client-safe: the sign-in page and any server redirect use it.
 *
 * `next` is resolved as the browser would resolve it against the console's origin, so every
 * trick the URL parser knows is seen the same way here: backslashes read as slashes
 * (`/\evil.example`), tabs and newlines dropped (`/\t/evil.example`), `//host`, other
 * schemes (`javascript:`), absolute URLs. Anything that does not stay on `origin` goes to
 * the fallback, as does a path the browser would read as `//host` again once returned.
 */
export function signInNext(next: string | null | undefined, origin: string): string {
  if (!next) return SIGN_IN_FALLBACK;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(next, base.origin);
  } catch {
    return SIGN_IN_FALLBACK;
  }
  if (url.origin !== base.origin) return SIGN_IN_FALLBACK;
  // `/.//evil` normalises to the path `//evil`: same origin here, another host once navigated to.
  if (!url.pathname.startsWith("/") || url.pathname.startsWith("//")) return SIGN_IN_FALLBACK;
  return `${url.pathname}${url.search}${url.hash}`;
}
