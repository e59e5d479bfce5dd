import http from "node:http";
import { expect, test } from "@playwright/test";
import { createPerson, signIn } from "./support";

const port = Number(process.env.E2E_PORT);

/** A sign-in post from a loopback address of our choosing (the whole of 127.0.0.0/8 reaches the server). */
function signInFrom(from: string, body: { email: string; password: string }, headers: Record<string, string> = {}) {
  const data = JSON.stringify(body);
  return new Promise<{ status: number; retryAfter: number; message: string }>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: "/api/v1/auth/sign-in", method: "POST", localAddress: from, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data), ...headers } },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => {
          const json = JSON.parse(text || "{}") as { error?: { message: string } };
          resolve({ status: res.statusCode!, retryAfter: Number(res.headers["retry-after"] ?? 0), message: json.error?.message ?? "" });
        });
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

test("guesses from one address wait, made-up client-address headers change nothing, and the person still signs in", async ({ page }, info) => {
  const person = await createPerson("viewer", info);
  // A guesser at 127.0.0.3 claiming, in every header a client can send, a new address each time.
  // The e2e server allows 10 failures per account and address; the waits after them double from
  // 1 s, so however slow this machine, a too-early attempt comes within a few more.
  const statuses: number[] = [];
  let refused: { status: number; retryAfter: number; message: string } | undefined;
  for (let i = 0; i < 30 && !refused; i++) {
    const claimed = `198.51.100.${i + 1}`;
    const res = await signInFrom("127.0.0.3", { email: person.email, password: "wrong" }, { "x-scoring-client-ip": claimed, "x-forwarded-for": claimed, "x-real-ip": claimed });
    statuses.push(res.status);
    if (res.status === 429) refused = res;
  }
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
  expect(refused, `statuses: ${statuses.join(" ")}`).toBeDefined();
  expect(refused!.retryAfter).toBeGreaterThan(0);
  expect(refused!.message).toMatch(/^Too many failed sign-ins\. Wait \d+ s, then try again\.$/);

  // The server tells addresses apart: another one is not held up by those guesses.
  expect((await signInFrom("127.0.0.4", { email: person.email, password: "wrong" })).status).toBe(401);
  // And the person, at their own address, signs in through the form.
  await signIn(page, person);
});
