"use client";

import { AllowListCard } from "@/components/ui/allow-list-card";
import { CreateAllowlistEntrySchema } from "@/server/contracts/instance-allowlist";
import { useAddAllowlistEntry, useInstanceAllowlist, useRemoveAllowlistEntry } from "./use-instance-allowlist";

const KIND_LABEL = { ip: "IP address", cidr: "Network", host: "Host name" } as const;

/** Admin: the hosts and networks at which model server instances may be registered. */
export function InstanceAllowlistPanel() {
  const { data, error } = useInstanceAllowlist();
  const add = useAddAllowlistEntry();
  const remove = useRemoveAllowlistEntry();
  return (
    <AllowListCard
      title="Instance allow-list"
      intro="Model server instances (by a registry token or an editor) are registered, and so reached by the console, only at these hosts and networks. Only the host as written is checked: a host name entry trusts DNS for that name."
      formLabel="Allow instance hosts"
      entry={{ name: "entry", label: "Host, IP or network", id: "allow-entry", mono: true, hint: "e.g. 10.0.0.0/8, 10.1.2.3, tfs-*.prod.internal (* inside one label)" }}
      submitLabel="Allow"
      schema={CreateAllowlistEntrySchema}
      add={(input) => add.mutateAsync(input)}
      adding={add.isPending}
      entries={data}
      loadError={error}
      remove={remove}
      columns={[{ header: "Kind", cell: (a) => KIND_LABEL[a.kind] }]}
      entryOf={(a) => a.entry}
      caption="Allowed instance hosts and networks"
      empty="Nothing is allowed yet: no model server instance can be registered until an entry is."
    />
  );
}
