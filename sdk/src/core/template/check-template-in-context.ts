import type { TemplateError, TemplateRegistryContext } from "./template-types";
import { checkTemplate } from "./validate-template";

/**
 * One template against a registry context, split into errors (block a save) and warnings.
 * While no version keys are known (the app's DAG has no output node and nothing is published),
 * "unknown version key" cannot be decided: a warning.
 * Pure and client-safe (sdk/src/core): the template input runs it as you type, the server when saving.
 */
export function checkTemplateInContext(text: string, ctx: TemplateRegistryContext): { errors: TemplateError[]; warnings: TemplateError[] } {
  const { errors } = checkTemplate(text, ctx);
  if (ctx.versionKeysKnown) return { errors, warnings: [] };
  return {
    errors: errors.filter((e) => e.code !== "unknown_version_key"),
    warnings: errors
      .filter((e) => e.code === "unknown_version_key")
      .map((e) => ({ ...e, message: `Version key "${textAt(text, e)}" cannot be checked yet: the app's version DAG has no output node and nothing is published.` })),
  };
}

function textAt(text: string, e: TemplateError): string {
  return text.slice(e.start - 1, e.end - 1);
}
