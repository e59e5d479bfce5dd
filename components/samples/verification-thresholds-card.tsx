"use client";

import { useState, type FormEvent } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { Loading } from "@/components/ui/loading";
import { apiErrorToErrors, issuesToErrors, type FormErrors } from "@/components/ui/use-schema-form";
import { UpdateVerificationSettingsSchema, type VerificationSettings } from "@/server/contracts/verification";
import { useUpdateVerificationSettings, useVerificationSettings } from "./use-samples";

const percent = (rate: number) => String(Math.round(rate * 10000) / 100);

/** How strict verification is for the app: admins edit, everyone else reads (docs/verification.md). */
export function VerificationThresholdsCard({ app, canAdmin }: { app: string; canAdmin: boolean }) {
  const { data, isLoading, error } = useVerificationSettings(app);
  return (
    <Card title="Verification thresholds">
      {isLoading ? <Loading /> : null}
      {error ? <Alert tone="error" title="Could not load the thresholds">{error.message}</Alert> : null}
      {data ? canAdmin ? <ThresholdsForm app={app} settings={data} /> : <ThresholdsView settings={data} /> : null}
    </Card>
  );
}

function ThresholdsView({ settings }: { settings: VerificationSettings }) {
  return (
    <div className="space-y-3 text-sm">
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div>
          <dt className="text-slate-500">Failed samples tolerated per solution</dt>
          <dd className="font-medium text-slate-900">{settings.maxFailedSamples}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Warn when a feature is missing in more than</dt>
          <dd className="font-medium text-slate-900">{percent(settings.missingFeatureWarnRate)}% of samples</dd>
        </div>
      </dl>
      <p className="text-xs text-slate-500">
        {settings.version === 0 ? "The safe defaults." : `Changed by ${settings.updatedBy}.`} An admin changes the thresholds.
      </p>
    </div>
  );
}

function ThresholdsForm({ app, settings }: { app: string; settings: VerificationSettings }) {
  const update = useUpdateVerificationSettings(app);
  const [maxFailed, setMaxFailed] = useState(String(settings.maxFailedSamples));
  const [warnPercent, setWarnPercent] = useState(percent(settings.missingFeatureWarnRate));
  const [version, setVersion] = useState(settings.version);
  const [errors, setErrors] = useState<FormErrors>({});
  const [theirs, setTheirs] = useState<VerificationSettings | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const number = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));
    const checked = UpdateVerificationSettingsSchema.safeParse({ maxFailedSamples: number(maxFailed), missingFeatureWarnRate: number(warnPercent) / 100, version });
    if (!checked.success) return setErrors(issuesToErrors(checked.error.issues));
    setErrors({});
    try {
      const after = await update.mutateAsync(checked.data);
      setVersion(after.version);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setTheirs((err.details as { current?: VerificationSettings } | null)?.current ?? null);
      setErrors(apiErrorToErrors(err));
    }
  }

  const rateError = errors.missingFeatureWarnRate?.replace("At most 1 (100%)", "At most 100%");
  return (
    <form onSubmit={submit} noValidate aria-label="Verification thresholds" className="space-y-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Failed samples tolerated" htmlFor="vt-max-failed" error={errors.maxFailedSamples} hint="Per solution. 0: any failed sample fails verification.">
          <div className="w-32">
            <Input id="vt-max-failed" inputMode="numeric" value={maxFailed} invalid={!!errors.maxFailedSamples} onChange={(e) => setMaxFailed(e.target.value)} />
          </div>
        </Field>
        <Field label="Missing-feature warning (%)" htmlFor="vt-missing-rate" error={rateError} hint="Warn when a feature has no value in more than this share of samples.">
          <div className="w-32">
            <Input id="vt-missing-rate" inputMode="decimal" value={warnPercent} invalid={!!rateError} onChange={(e) => setWarnPercent(e.target.value)} />
          </div>
        </Field>
      </div>
      {errors.form && !errors.maxFailedSamples && !rateError ? (
        <Alert tone={theirs ? "warning" : "error"} title="Not saved">
          {errors.form}
          {theirs ? (
            <div className="mt-2">
              <Button
                size="sm"
                onClick={() => {
                  setMaxFailed(String(theirs.maxFailedSamples));
                  setWarnPercent(percent(theirs.missingFeatureWarnRate));
                  setVersion(theirs.version);
                  setTheirs(null);
                  setErrors({});
                }}
              >
                Load theirs ({theirs.maxFailedSamples} failed, {percent(theirs.missingFeatureWarnRate)}%)
              </Button>
            </div>
          ) : null}
        </Alert>
      ) : null}
      {saved ? <Alert tone="success">Saved. Verification of {app} uses these thresholds from its next run.</Alert> : null}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={update.isPending}>{update.isPending ? "Saving…" : "Save thresholds"}</Button>
        <span className="text-xs text-slate-500">{settings.version === 0 ? "The safe defaults: no failed sample, warn above 5%." : `Version ${settings.version}, by ${settings.updatedBy}.`}</span>
      </div>
    </form>
  );
}
