import { decryptSecret, encryptSecret, SecretBoxError } from "@/server/crypto/secret-box";
import { secretKey } from "@/server/crypto/secret-key";
import { AppError } from "@/server/errors";

/**
 * Hook signing secrets are kept encrypted like connection passwords (AES-256-GCM under
 * SECRET_KEY, bound to the endpoint's URL): a database dump alone cannot forge a hook request or
 * an alert. Entries written before secrets were encrypted hold the secret in clear and are
 * still read as they are.
 */
const context = (url: string) => `dag_hook_endpoints:${url}:secret`;
const ENCRYPTED = /^v1:[^:]+:[^:]+:[^:]+:[^:]*$/;

export function encryptHookSecret(url: string, secret: string): string {
  return encryptSecret(secret, secretKey(), context(url));
}

export function readHookSecret(url: string, stored: string): string {
  if (!ENCRYPTED.test(stored)) return stored;
  try {
    return decryptSecret(stored, secretKey(), context(url));
  } catch (e) {
    if (!(e instanceof SecretBoxError)) throw e;
    throw new AppError("unavailable", `Hook ${url}: ${e.message}. An admin must put the URL on the allow-list again.`, { url });
  }
}
