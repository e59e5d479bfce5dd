"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { useSchemaForm } from "@/components/ui/use-schema-form";
import { useUnsavedValues } from "@/components/ui/use-unsaved-changes";
import { CreateConnectionSchema, UpdateConnectionSchema, type Connection } from "@/server/contracts/connections";
import { useConnectionHealth, useConnections, useCreateConnection, useDeleteConnection, useUpdateConnection } from "./use-feature-tables";

/**
 * Admin → Connections: where Redis tables read from. The password is write-only: the form
 * never shows the stored one, only whether one is set; leaving it empty keeps it.
 */
export function ConnectionsPanel() {
  const { data, error } = useConnections();
  const [editing, setEditing] = useState<Connection | "new" | null>(null);
  const remove = useDeleteConnection();

  return (
    <Card title="Connections of feature tables" actions={editing === null ? <Button size="sm" onClick={() => setEditing("new")}>Add a connection</Button> : null}>
      <div className="space-y-4">
        {editing !== null ? <ConnectionForm key={editing === "new" ? "new" : editing.id} connection={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} /> : null}
        {error ? <Alert tone="error">{error.message}</Alert> : null}
        {remove.error ? <Alert tone="error">{remove.error.message}</Alert> : null}
        {data && data.length === 0 ? <p className="text-sm text-slate-500">No connections yet. Redis feature tables need one; built-in tables do not.</p> : null}
        {data && data.length > 0 ? (
          <Table caption="Connections">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Address</Th>
                <Th>Password</Th>
                <Th>Key prefixes</Th>
                <Th>Used by</Th>
                <Th>Health</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((c) => (
                <tr key={c.id} data-testid={`connection-row-${c.name}`}>
                  <Td>
                    <span className="font-mono font-medium">{c.name}</span>
                    {c.description ? <p className="text-xs text-slate-500">{c.description}</p> : null}
                  </Td>
                  <Td className="font-mono text-xs">{`${c.tls ? "rediss" : "redis"}://${c.username ? `${c.username}@` : ""}${c.host}:${c.port}/${c.database}`}</Td>
                  <Td>{c.hasPassword ? <Badge tone="green">set</Badge> : <Badge>none</Badge>}</Td>
                  <Td className="font-mono text-xs">{c.keyPrefixes.length > 0 ? c.keyPrefixes.join(" ") : <span className="font-sans text-slate-400">none</span>}</Td>
                  <Td className="text-xs">{c.usedBy.length > 0 ? c.usedBy.join(", ") : <span className="text-slate-400">no tables</span>}</Td>
                  <Td><HealthDot id={c.id} /></Td>
                  <Td className="text-right">
                    <div className="flex justify-end gap-1">
                      <Button size="sm" variant="ghost" onClick={() => setEditing(c)}>Edit</Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={c.usedBy.length > 0 || remove.isPending}
                        title={c.usedBy.length > 0 ? "Used by tables: point them elsewhere first" : undefined}
                        onClick={() => {
                          if (window.confirm(`Remove the connection ${c.name}?`)) remove.mutate(c.id);
                        }}
                      >
                        Remove
                      </Button>
                    </div>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : null}
      </div>
    </Card>
  );
}

function HealthDot({ id }: { id: string }) {
  const [asked, setAsked] = useState(false);
  const health = useConnectionHealth(id, asked);
  if (!asked) return <Button size="sm" onClick={() => setAsked(true)}>Check</Button>;
  if (health.isFetching) return <span className="text-xs text-slate-500">checking…</span>;
  if (health.error) return <span className="text-xs text-red-700">{health.error.message}</span>;
  if (!health.data) return null;
  return (
    <button type="button" onClick={() => health.refetch()} className="flex items-center gap-1.5 rounded text-xs focus-visible:outline-2 focus-visible:outline-indigo-500" title={`${health.data.detail} — click to check again`}>
      <span className={`h-2 w-2 rounded-full ${health.data.ok ? "bg-emerald-500" : "bg-red-500"}`} aria-hidden />
      {health.data.ok ? `ok · ${health.data.ms} ms` : "not answering"}
    </button>
  );
}

function ConnectionForm({ connection, onDone }: { connection?: Connection; onDone: () => void }) {
  const create = useCreateConnection();
  const update = useUpdateConnection(connection?.id ?? "");
  const [name, setName] = useState(connection?.name ?? "");
  const [host, setHost] = useState(connection?.host ?? "127.0.0.1");
  const [port, setPort] = useState(String(connection?.port ?? 6379));
  const [database, setDatabase] = useState(String(connection?.database ?? 0));
  const [username, setUsername] = useState(connection?.username ?? "");
  const [password, setPassword] = useState("");
  const [clearPassword, setClearPassword] = useState(false);
  const [tls, setTls] = useState(connection?.tls ?? false);
  const [description, setDescription] = useState(connection?.description ?? "");
  const [prefixes, setPrefixes] = useState((connection?.keyPrefixes ?? []).join(" "));
  useUnsavedValues({ name, host, port, database, username, password, clearPassword, tls, description, prefixes });
  const form = useSchemaForm(connection ? UpdateConnectionSchema : CreateConnectionSchema, (input) =>
    connection ? update.mutateAsync(input as never) : create.mutateAsync(input as never),
  );
  const { errors } = form;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const common = {
      host,
      port: port.trim() === "" ? undefined : Number(port),
      database: database.trim() === "" ? undefined : Number(database),
      username: username.trim() || undefined,
      tls,
      description,
      keyPrefixes: prefixes.split(/[\s,]+/).filter(Boolean),
    };
    const pw = clearPassword ? null : password === "" ? undefined : password;
    const saved = await form.submit(connection ? { ...common, password: pw, version: connection.version } : { ...common, name, password: password || undefined });
    if (saved) onDone();
  }

  return (
    <form onSubmit={submit} noValidate aria-label={connection ? `Edit connection ${connection.name}` : "Add a connection"} className="space-y-4 rounded-md border border-slate-200 bg-slate-50 p-4">
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        {connection ? null : (
          <Field label="Name" htmlFor="conn-name" error={errors.name} hint="e.g. features-redis">
            <Input id="conn-name" value={name} invalid={!!errors.name} onChange={(e) => setName(e.target.value)} className="font-mono" autoComplete="off" />
          </Field>
        )}
        <Field label="Host" htmlFor="conn-host" error={errors.host}>
          <Input id="conn-host" value={host} invalid={!!errors.host} onChange={(e) => setHost(e.target.value)} className="font-mono" />
        </Field>
        <Field label="Port" htmlFor="conn-port" error={errors.port}>
          <Input id="conn-port" inputMode="numeric" value={port} invalid={!!errors.port} onChange={(e) => setPort(e.target.value)} />
        </Field>
        <Field label="Database" htmlFor="conn-db" error={errors.database}>
          <Input id="conn-db" inputMode="numeric" value={database} invalid={!!errors.database} onChange={(e) => setDatabase(e.target.value)} />
        </Field>
        <Field label="Username" htmlFor="conn-user" error={errors.username} hint="Redis 6 ACL user; empty for the default user.">
          <Input id="conn-user" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
        </Field>
        <Field
          label="Password"
          htmlFor="conn-password"
          error={errors.password}
          hint={connection ? (connection.hasPassword ? "A password is set and never shown. Type a new one to replace it." : "No password set.") : "Stored encrypted; never shown again."}
        >
          <Input id="conn-password" type="password" value={password} disabled={clearPassword} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        </Field>
        <Field label="Description" htmlFor="conn-desc" error={errors.description} className="md:col-span-2">
          <Input id="conn-desc" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <Field
          label="Key prefixes"
          htmlFor="conn-prefixes"
          error={errors.keyPrefixes}
          className="md:col-span-3"
          hint="Separated by spaces, e.g. fp:features: rec:. Every table on this connection uses a prefix starting with one of these; none: no table can use it yet."
        >
          <Input id="conn-prefixes" value={prefixes} invalid={!!errors.keyPrefixes} onChange={(e) => setPrefixes(e.target.value)} className="font-mono" autoComplete="off" />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={tls} onChange={(e) => setTls(e.target.checked)} /> TLS
        </label>
        {connection?.hasPassword ? (
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={clearPassword} onChange={(e) => setClearPassword(e.target.checked)} /> Remove the stored password
          </label>
        ) : null}
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={create.isPending || update.isPending}>{connection ? "Save connection" : "Add connection"}</Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
