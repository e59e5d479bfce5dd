import { maskUrlCredentials } from "@/server/contracts/dag-secrets";
import type { hookTarget } from "./hook-target";
import { SIGNATURE_HEADER, signBody } from "./sign-body";

/**
 * POSTs a JSON body to an allow-listed URL, signed with its secret like every hook, without
 * following redirects. Resolves to null when it landed (2xx), else why not, credentials masked.
 */
export async function postSignedJson(target: ReturnType<typeof hookTarget>, secret: string, body: string, timeoutMs: number): Promise<string | null> {
  try {
    const res = await fetch(target.url, {
      method: "POST",
      headers: {
        ...(target.authorization ? { authorization: target.authorization } : {}),
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signBody(secret, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.status >= 200 && res.status < 300 ? null : `${target.shown} answered ${res.status}`;
  } catch (e) {
    return maskUrlCredentials(`${target.shown} could not be reached: ${(e as Error).message}`);
  }
}
