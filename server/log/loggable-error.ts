/**
 * What of an error may go to the server log. A failed database query carries what was sent
 * with it: drizzle's error names every parameter in its message and `params` (password and
 * token hashes, secrets, people's data), PGlite's error keeps `query` and `params`, and both
 * drivers' `detail` can quote the row ("Failing row contains (...)"). Such an error is logged
 * as its SQLSTATE code, the database's message and where it was thrown; other errors as they
 * are, unless a database error hides in their `cause` chain.
 */
export function loggableError(e: unknown): unknown {
  return carriesDatabaseError(e) ? scrubbed(e as Error, 0) : e;
}

/** console.error with the error made loggable (loggableError). */
export function logError(label: string, e: unknown): void {
  console.error(label, loggableError(e));
}

/**
 * An error's message as it may be logged, stored or shown (a verification report, a scoring
 * stage's reason): a database error as its code and the database's message, without the query
 * and its parameters.
 */
export function safeErrorMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const db = databaseError(e);
  return db ? summary(e, db) : e.message;
}

const MAX_CAUSES = 8;

function scrubbed(e: Error, depth: number): Error {
  const db = databaseError(e);
  const text = db ? summary(e, db) : `${e.name}: ${e.message}`;
  const out = new Error(text);
  out.name = db ? "DatabaseError" : e.name;
  out.stack = [text, ...frames(e.stack)].join("\n");
  const code = (e as { code?: unknown }).code;
  if (!db && typeof code === "string") Object.assign(out, { code });
  // A database error is summarised whole: its cause is at most the driver's error it was read from.
  const cause = (e as { cause?: unknown }).cause;
  if (!db && cause !== undefined && depth < MAX_CAUSES) out.cause = carriesDatabaseError(cause) ? scrubbed(cause as Error, depth + 1) : cause;
  return out;
}

function summary(e: Error, db: { code?: string; message: string }): string {
  return `${isQueryError(e) ? "Database query failed" : "Database error"}${db.code ? ` [${db.code}]` : ""}: ${db.message}`;
}

function carriesDatabaseError(e: unknown): boolean {
  for (let i = 0; i <= MAX_CAUSES && e instanceof Error; i++, e = (e as { cause?: unknown }).cause) {
    if (isQueryError(e) || isDriverError(e)) return true;
  }
  return false;
}

/** The code and message to log: of the driver's error under a query error, else of the error itself. */
function databaseError(e: Error): { code?: string; message: string } | null {
  if (isDriverError(e)) return { code: sqlState(e), message: withoutValues(sqlState(e), e.message) };
  if (isQueryError(e)) {
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof Error) return { code: sqlState(cause), message: withoutValues(sqlState(cause), cause.message) };
    return { message: "(the driver gave no reason)" };
  }
  return null;
}

/**
 * A data exception's message (SQLSTATE class 22) quotes the value it refused
 * (`invalid input syntax for type uuid: "..."`): the quoted parts are left out. Other classes
 * quote names (constraints, relations), which stay.
 */
function withoutValues(code: string | undefined, message: string): string {
  return code?.startsWith("22") ? message.replace(/"(?:[^"]|"")*"/g, '"…"') : message;
}

/** drizzle's DrizzleQueryError: `Failed query: <sql>\nparams: <every parameter>`. */
function isQueryError(e: Error): boolean {
  return "params" in e && "query" in e && !isDriverError(e);
}

/** node-postgres's and PGlite's DatabaseError: a SQLSTATE code and a severity, maybe query/params/detail. */
function isDriverError(e: Error): boolean {
  return sqlState(e) !== undefined && "severity" in e;
}

function sqlState(e: Error): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The "    at ..." lines of a stack, without the message it starts with (which may hold the parameters). */
function frames(stack: string | undefined): string[] {
  return (stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
}
