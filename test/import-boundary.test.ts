import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The browser/server boundary lives in eslint.config.mjs; these cases make sure it still fires,
// so a config change cannot drop it without a red test.
const root = path.resolve(import.meta.dirname, "..");
let eslint: ESLint;

// Loading the config and its plugins takes seconds (tens on a busy machine): done once here,
// under the hook timeout, so no single case pays for it.
beforeAll(async () => {
  eslint = new ESLint({ cwd: root });
  await eslint.lintText("", { filePath: path.join(root, "components/warm-up.tsx") });
}, 120_000);

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("the import boundary (eslint.config.mjs)", () => {
  it.each([
    ["components/solutions/x.tsx", 'import { getDb } from "@/db";'],
    ["components/solutions/x.tsx", 'import { createSolution } from "@/server/solutions/create-solution";'],
    ["components/solutions/x.tsx", 'import { AppError } from "@/server/errors";'],
    ["components/solutions/x.tsx", 'import { createConfigClient } from "@/sdk/src";'],
    ["components/solutions/x.tsx", 'import { Pool } from "pg";'],
    ["components/solutions/x.tsx", 'import fs from "node:fs";'],
    ["components/solutions/x.tsx", 'import { readFile } from "fs/promises";'],
    ["components/solutions/x.tsx", 'import { x } from "../../server/db/x";'],
    ["app/(console)/apps/page.tsx", 'import { listApps } from "@/server/apps/list-apps";'],
  ])("refuses %s importing %s", async (file, code) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ["components/solutions/x.tsx", 'import { compressBucketRanges } from "@/sdk/src/core/solutions/bucket-ranges";'],
    ["components/solutions/x.tsx", 'import type { Solution } from "@/server/contracts/solutions";'],
    ["app/(console)/apps/page.tsx", 'import { requirePageUser } from "@/app/_lib/page-user";'],
    ["app/_lib/page-user.ts", 'import { getDb } from "@/db";'],
    ["app/api/apps/route.ts", 'import { listApps } from "@/server/apps/list-apps";'],
  ])("lets %s import %s", async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });

  it.each([
    ["sdk/src/core/solutions/x.ts", 'import type { Solution } from "@/server/contracts/solutions";'],
    ["sdk/src/core/solutions/x.ts", 'import { z } from "zod";'],
    ["sdk/src/core/solutions/x.ts", 'import path from "node:path";'],
    ["sdk/src/core/solutions/x.ts", 'import { createConfigClient } from "../../create-config-client";'],
    ["sdk/src/core/x.ts", 'import { createConfigClient } from "../create-config-client";'],
  ])("keeps core pure: refuses %s importing %s", async (file, code) => {
    expect(await boundaryErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ["server/contracts/x.ts", 'import { getDb } from "@/db";'],
    ["server/contracts/x.ts", 'import { AppError } from "@/server/errors";'],
    ["server/contracts/api/x.ts", 'import { x } from "../../solutions/x";'],
    ["server/contracts/x.ts", 'import { Pool } from "pg";'],
  ])("keeps the contracts client-safe: refuses %s importing %s", async (file, code) => {
    expect(await boundaryErrors(file, code)).not.toEqual([]);
  });

  it("lets the contracts import zod, contracts and core", async () => {
    const code = 'import { z } from "zod";\nimport { AppNameSchema } from "../apps";\nimport { MAX_BUCKET_COUNT } from "@/sdk/src/core/bucketing";\nimport { RoleSchema } from "@/server/contracts/roles";';
    expect(await boundaryErrors("server/contracts/api/x.ts", code)).toEqual([]);
  });

  it.each([
    ["scoring-service/x.ts", 'import { getDb } from "@/db";'],
    ["scoring-service/x.ts", 'import { runScoring } from "@/server/scoring/run-scoring";'],
    ["scoring-service/x.ts", 'import next from "next";'],
  ])("keeps the scoring service off the database and Next.js: refuses %s importing %s", async (file, code) => {
    expect(await boundaryErrors(file, code)).not.toEqual([]);
  });

  it("lets the scoring service import the SDK, the fg engine and the gRPC client", async () => {
    const code = 'import { createScoringRuntime } from "@/sdk/src/runtime/create-runtime";\nimport { runFg } from "@/server/fg/run-fg";\nimport { getTfsClient } from "@/server/tfs/grpc-client";\nimport { parseOptions } from "./options";';
    expect(await boundaryErrors("scoring-service/x.ts", code)).toEqual([]);
  });

  it("lets core import core", async () => {
    expect(await boundaryErrors("sdk/src/core/solutions/x.ts", 'import { bucketOf } from "../bucketing";\nimport { CoreError } from "../core-error";')).toEqual([]);
  });
});
