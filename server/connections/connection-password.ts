import { decryptSecret, encryptSecret, SecretBoxError } from "@/server/crypto/secret-box";
import { secretKey } from "@/server/crypto/secret-key";
import { AppError } from "@/server/errors";

/** The additional data binding a password's ciphertext to its connection row. */
const context = (connectionId: string) => `feature_connections:${connectionId}:password`;

export function encryptConnectionPassword(connectionId: string, password: string): string {
  return encryptSecret(password, secretKey(), context(connectionId));
}

export function decryptConnectionPassword(connectionId: string, connectionName: string, cipher: string): string {
  try {
    return decryptSecret(cipher, secretKey(), context(connectionId));
  } catch (e) {
    if (!(e instanceof SecretBoxError)) throw e;
    // The console's configuration, not the caller, is at fault; the message is safe to show.
    throw new AppError("unavailable", `Connection "${connectionName}": ${e.message}. An admin must set its password again.`, { connection: connectionName });
  }
}
