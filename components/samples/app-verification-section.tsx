"use client";

import { SampleRequestsCard } from "./sample-requests-card";
import { VerificationThresholdsCard } from "./verification-thresholds-card";

/** The app page's verification part: what every release is scored on, and how strict the check is. */
export function AppVerificationSection({ app, originFields, canAdmin }: { app: string; originFields: string[]; canAdmin: boolean }) {
  return (
    <div className="mt-8 space-y-6">
      <h2 className="text-base font-semibold text-slate-900">Release verification</h2>
      <SampleRequestsCard app={app} originFields={originFields} canAdmin={canAdmin} />
      <VerificationThresholdsCard app={app} canAdmin={canAdmin} />
    </div>
  );
}
