import { newSecret, sha256 } from "@/server/auth/secret-token";

/** A one-time callback token: 32 random bytes; only its SHA-256 is stored. */
export function newCallbackToken(): { token: string; hash: string } {
  const token = newSecret("dcb_");
  return { token, hash: sha256(token) };
}

export function callbackTokenHash(token: string): string {
  return sha256(token);
}

export function callbackUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/api/v1/dag/callbacks/${token}`;
}
