/**
 * Coalesces single-key reads on one Redis connection: the getKV / getKKV calls started in the
 * same turn of the event loop (a request's features, started together; requests arriving
 * together) leave as one READ_SINGLES script instead of one command each. Each read still gets
 * its own answer, or its own error (a key of the wrong type), and all of them the connection's
 * error when the command as a whole fails (a timeout, a dropped connection).
 */
export interface SingleReadScript {
  featureReadSingles(...args: string[]): Promise<unknown[]>;
}

/** Lookups per script: Lua's stack and a command's size stay small; more go in further scripts. */
export const MAX_READS_PER_SCRIPT = 500;

interface PendingRead {
  op: "v" | "h";
  pointer: string;
  prefix: string;
  key: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export type SingleReader = (op: "v" | "h", pointer: string, prefix: string, key: string) => Promise<unknown>;

export function singleReads(client: SingleReadScript): SingleReader {
  let pending: PendingRead[] = [];

  const send = (reads: PendingRead[]) => {
    const n = reads.length;
    const args = new Array<string>(1 + 4 * n);
    // numkeys is given by defineCommand's numberOfKeys: dynamic here, so it leads the arguments.
    args[0] = String(n);
    for (let i = 0; i < n; i++) {
      const r = reads[i]!;
      args[1 + i] = r.pointer;
      args[1 + n + 3 * i] = r.op;
      args[2 + n + 3 * i] = r.prefix;
      args[3 + n + 3 * i] = r.key;
    }
    client.featureReadSingles(...args).then(
      (answers) => {
        for (let i = 0; i < n; i++) {
          const answer = answers[i];
          if (answer instanceof Error) reads[i]!.reject(answer);
          else reads[i]!.resolve(answer === undefined ? null : answer);
        }
      },
      (error: unknown) => {
        for (const r of reads) r.reject(error);
      },
    );
  };

  const flush = () => {
    const reads = pending;
    pending = [];
    for (let i = 0; i < reads.length; i += MAX_READS_PER_SCRIPT) send(reads.length <= MAX_READS_PER_SCRIPT ? reads : reads.slice(i, i + MAX_READS_PER_SCRIPT));
  };

  return (op, pointer, prefix, key) =>
    new Promise((resolve, reject) => {
      // process.nextTick runs once the microtasks of this turn are done: reads started by
      // promise continuations of the same turn all join.
      if (pending.length === 0) process.nextTick(flush);
      pending.push({ op, pointer, prefix, key, resolve, reject });
    });
}
