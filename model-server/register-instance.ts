/**
 * Self-registration in the console's model registry: every `intervalSeconds`, one PUT per
 * served model, so the registration (with its TTL) stays fresh while the server runs and
 * expires when it stops. Failures are logged and retried on the next round, never fatal.
 */
export interface RegistryOptions {
  /** The console's base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  token: string;
  /** The host other machines reach this server at; default 127.0.0.1. */
  advertiseHost?: string;
  intervalSeconds?: number;
  ttlSeconds?: number;
}

export interface RegistrationTarget {
  grpcPort: number;
  restPort: number;
  models: () => string[];
  log: (message: string) => void;
}

export function startRegistration(options: RegistryOptions, target: RegistrationTarget): { stop(): void } {
  const endpoint = `${options.url.replace(/\/+$/, "")}/api/v1/registry/instances`;
  const host = options.advertiseHost ?? "127.0.0.1";
  const intervalMs = (options.intervalSeconds ?? 5) * 1000;
  const ttlSeconds = options.ttlSeconds ?? 15;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const timeoutMs = Math.max(1000, Math.min(intervalMs, 5000));

  async function put(model: string): Promise<void> {
    const body = { model, address: `${host}:${target.grpcPort}`, restAddress: `${host}:${target.restPort}`, ttlSeconds };
    const res = await fetch(endpoint, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    if (!res.ok) target.log(`Registry refused ${model} at ${endpoint}: HTTP ${res.status}; retrying`);
  }

  /**
   * One PUT, given up after the timeout whether or not the fetch heeds its signal: inside the
   * console (the dev model server) fetch is the framework's, and on a loaded machine one PUT was
   * seen never to settle, which stopped the rounds for good and let every registration lapse.
   */
  async function register(model: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("The operation was aborted due to timeout")), timeoutMs + 1000)));
    try {
      await Promise.race([put(model), late]);
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      target.log(`Registry unreachable at ${endpoint} (${err.cause?.code ?? err.message}); retrying`);
    } finally {
      clearTimeout(timer);
    }
  }

  async function round(): Promise<void> {
    await Promise.all(target.models().map(register));
    if (!stopped) timer = setTimeout(() => void round(), intervalMs);
  }

  void round();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
