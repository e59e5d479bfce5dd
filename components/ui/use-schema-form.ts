"use client";

import { useState } from "react";
import type { z } from "zod";
import { ApiError } from "@/components/api-client";

export type FormErrors = Record<string, string>;

/** Zod issues keyed by their dotted path ("originFields.1.name"); the first message per field wins. */
export function issuesToErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FormErrors {
  const out: FormErrors = {};
  for (const i of issues) out[i.path.map(String).join(".") || "form"] ??= i.message;
  return out;
}

/** A server refusal as form errors: its field issues, the field it names, and the message under `form`. */
export function apiErrorToErrors(err: unknown): FormErrors {
  if (!(err instanceof ApiError)) return { form: "Not saved: the console did not answer as expected." };
  const field = (err.details as { field?: string } | null)?.field;
  return { ...err.fieldErrors(), ...(field ? { [field]: err.message } : {}), form: err.message };
}

/**
 * The forms' one submit path: validate with the same zod schema as the API, send, map a
 * refusal back onto the fields. `submit` resolves to the result, or undefined when refused.
 */
export function useSchemaForm<S extends z.ZodType, R>(schema: S, send: (input: z.output<S>) => Promise<R>) {
  const [errors, setErrors] = useState<FormErrors>({});
  async function submit(values: unknown): Promise<R | undefined> {
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      return undefined;
    }
    setErrors({});
    try {
      return await send(parsed.data);
    } catch (err) {
      setErrors(apiErrorToErrors(err));
      return undefined;
    }
  }
  return { errors, setErrors, submit };
}
