"use client";

import { useState } from "react";
import { ApiError } from "@/components/api-client";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Alert } from "@/components/ui/alert";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import type { ModelOperationRequest } from "@/server/contracts/models";
import type { OperationAffects } from "@/server/contracts/used-by";
import { LabelsCard } from "./labels-card";
import { ModelConfCard } from "./model-conf-card";
import { UsedByCard } from "./used-by-card";
import { OperationsCard } from "./operations-card";
import { PolicyCard } from "./policy-card";
import { SignaturesCard } from "./signatures-card";
import { useModel, useModelOperations, useStartOperation } from "./use-models";
import { VersionsCard } from "./versions-card";

export function ModelPage({ name, canEdit }: { name: string; canEdit: boolean }) {
  const { data, isLoading, error } = useModel(name);
  const ops = useModelOperations(name);
  const start = useStartOperation(name);
  const [startError, setStartError] = useState<string | null>(null);
  // An unload or hot fix the server refused with 409 confirmation_required: asked again once confirmed.
  const [asking, setAsking] = useState<{ req: ModelOperationRequest; affects: OperationAffects } | null>(null);
  const busy = start.isPending || (ops.data?.some((o) => o.state === "running") ?? false);

  const run = (req: ModelOperationRequest) => {
    setStartError(null);
    start.mutate(req, {
      onSuccess: () => ops.refetch(),
      onError: (e) => {
        if (e instanceof ApiError && e.code === "confirmation_required") {
          setAsking({ req, affects: (e.details as { affects: OperationAffects }).affects });
          return;
        }
        setStartError(e instanceof ApiError ? e.message : "The operation could not start.");
      },
    });
  };

  const versions = [...new Set(data?.instances.flatMap((i) => i.versions.map((v) => v.version)) ?? [])].sort((a, b) => b - a);
  const policy = data?.model?.policy;
  const usedByVersions = [...new Set([...versions, ...(policy?.kind === "specific" ? policy.versions : [])])].sort((a, b) => b - a);
  const confirmVerb = asking?.req.kind === "unload" ? "Unload" : "Hot-fix reload";

  return (
    <>
      <PageHeader title={`Model ${name}`} description={data?.model ? `Base path ${data.model.basePath} · ${data.model.platform}` : undefined} />
      {isLoading ? <Loading /> : null}
      {error ? <Alert tone="error" title="Could not load the model">{error.message}</Alert> : null}
      {startError ? <div className="mb-4"><Alert tone="error" title="Not started">{startError}</Alert></div> : null}
      {data && !data.managed ? (
        <div className="mb-4">
          <Alert tone="warning" title="Registered but not managed">Instances serve this model, but the console has no config for it. Import its model.conf on the Models page to manage it.</Alert>
        </div>
      ) : null}
      <ConfirmDialog
        open={asking !== null}
        title={asking ? `${confirmVerb} version ${asking.affects.version} of ${name}?` : ""}
        confirmLabel={asking ? `${confirmVerb} version ${asking.affects.version}` : ""}
        busy={start.isPending}
        onClose={() => setAsking(null)}
        onConfirm={() => {
          if (!asking) return;
          const req = asking.req;
          setAsking(null);
          if (req.kind === "unload" || req.kind === "hotfix") run({ ...req, confirm: true });
        }}
      >
        {asking ? (
          <>
            <p>
              {asking.req.kind === "unload"
                ? "Live scoring uses this version: once unloaded, these solutions fail to score until a release points elsewhere."
                : "Live scoring uses this version. The reload goes one instance at a time, each back AVAILABLE before the next, so the others keep serving."}
            </p>
            {asking.affects.apps.length ? (
              <div>
                <p className="font-medium">Apps and live solutions</p>
                <ul className="mt-1 list-disc pl-5" aria-label="Affected solutions">
                  {asking.affects.solutions.map((s) => (
                    <li key={`${s.app}/${s.solution}`}>
                      app <span className="font-mono">{s.app}</span>, solution <span className="font-mono">{s.solution}</span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {asking.affects.labels.length ? (
              <p>
                Labels pointing at it: <span className="font-mono">{asking.affects.labels.join(", ")}</span>
              </p>
            ) : null}
          </>
        ) : null}
      </ConfirmDialog>
      {data ? (
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
          <div className="space-y-6 xl:col-span-2">
            <VersionsCard detail={data} canEdit={canEdit && data.managed} busy={busy} run={run} />
            <OperationsCard operations={ops.data ?? []} />
            <UsedByCard model={name} versions={usedByVersions} />
            <SignaturesCard name={name} versions={versions} />
          </div>
          <div className="space-y-6">
            {data.model ? <PolicyCard key={data.model.version} policy={data.model.policy} canEdit={canEdit} busy={busy} run={run} /> : null}
            {data.model ? <LabelsCard detail={data} canEdit={canEdit} busy={busy} run={run} /> : null}
            {data.modelConf ? <ModelConfCard name={name} text={data.modelConf} /> : null}
          </div>
        </div>
      ) : null}
    </>
  );
}
