"use client";

import { useState } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import type { ModelOperationRequest } from "@/server/contracts/models";
import { LabelsCard } from "./labels-card";
import { ModelConfCard } from "./model-conf-card";
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
  const busy = start.isPending || (ops.data?.some((o) => o.state === "running") ?? false);

  const run = (req: ModelOperationRequest) => {
    setStartError(null);
    start.mutate(req, {
      onSuccess: () => ops.refetch(),
      onError: (e) => setStartError(e instanceof ApiError ? e.message : "The operation could not start."),
    });
  };

  const versions = [...new Set(data?.instances.flatMap((i) => i.versions.map((v) => v.version)) ?? [])].sort((a, b) => b - a);

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
      {data ? (
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
          <div className="space-y-6 xl:col-span-2">
            <VersionsCard detail={data} canEdit={canEdit && data.managed} busy={busy} run={run} />
            <OperationsCard operations={ops.data ?? []} />
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
