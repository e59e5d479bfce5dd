"use client";

import { SecretOnce } from "@/components/admin/secret-once";
import { AllowListCard } from "@/components/ui/allow-list-card";
import { CreateHookEndpointSchema } from "@/server/contracts/hook-allowlist";
import { useAddHookEndpoint, useHookAllowlist, useRemoveHookEndpoint } from "./use-dag";

/** Admin: the URLs trigger hooks and alert webhooks may call, each with its signing secret. */
export function HookAllowlistPanel() {
  const { data, error } = useHookAllowlist();
  const add = useAddHookEndpoint();
  const remove = useRemoveHookEndpoint();
  return (
    <AllowListCard
      title="Hook allow-list"
      intro={
        <>
          Trigger nodes of the version DAG may call only these URLs. Each request carries <span className="font-mono text-xs">X-Scoring-Signature: sha256=…</span>, an
          HMAC-SHA256 of the body with the URL&apos;s secret.
        </>
      }
      formLabel="Allow a hook URL"
      entry={{ name: "url", label: "URL", id: "hook-url", hint: "e.g. https://loader.internal/hooks/load" }}
      submitLabel="Allow URL"
      schema={CreateHookEndpointSchema}
      add={(input) => add.mutateAsync(input)}
      adding={add.isPending}
      added={(r, dismiss) => <SecretOnce label={`Signing secret of ${r.endpoint.url}`} secret={r.secret} onDismiss={dismiss} />}
      entries={data}
      loadError={error}
      remove={remove}
      entryOf={(h) => h.url}
      caption="Allowed hook URLs"
      empty="No URL is allowed yet: trigger nodes cannot be saved until one is."
    />
  );
}
