import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type * as core from "@/sdk/src/core";
import type { PublishedConfigSchema } from "./config-center";
import type { CompletionSchema, TemplateContextSchema, TemplateErrorSchema } from "./features";
import type { TemplateRegistryContextSchema } from "./feature-tables";
import type { ContentDiffSchema } from "./releases";
import type { SolutionFieldChangeSchema, SolutionsDiffSchema } from "./solution-drafts";
import type { PublishedAppSettingsSchema, SolutionSchema } from "./solutions";

/**
 * sdk/src/core cannot import zod or the contracts (it builds on its own), so it declares the
 * shapes it works on; the contracts check the same shapes on the wire. These are type-level
 * checks (tsc runs them in `npm test`): a field added or changed on one side only fails here.
 */
describe("core's structural types and the contracts' zod types are the same shapes", () => {
  it("solutions, diffs and published settings", () => {
    expectTypeOf<z.infer<typeof SolutionSchema>>().toEqualTypeOf<core.Solution>();
    expectTypeOf<z.infer<typeof SolutionFieldChangeSchema>>().toEqualTypeOf<core.SolutionFieldChange>();
    expectTypeOf<z.infer<typeof SolutionsDiffSchema>>().toEqualTypeOf<core.SolutionsDiff>();
    expectTypeOf<z.infer<typeof PublishedAppSettingsSchema>>().toEqualTypeOf<core.PublishedAppSettings>();
    expectTypeOf<z.infer<typeof ContentDiffSchema>>().toEqualTypeOf<core.ContentDiff>();
    expectTypeOf<z.infer<typeof PublishedConfigSchema>>().toEqualTypeOf<core.PublishedConfig>();
  });

  it("templates", () => {
    expectTypeOf<z.infer<typeof TemplateErrorSchema>>().toEqualTypeOf<core.TemplateError>();
    expectTypeOf<z.infer<typeof TemplateContextSchema>>().toEqualTypeOf<core.TemplateContext>();
    expectTypeOf<z.infer<typeof TemplateRegistryContextSchema>>().toEqualTypeOf<core.TemplateRegistryContext>();
    expectTypeOf<z.infer<typeof CompletionSchema>>().toEqualTypeOf<core.Completion>();
  });
});
