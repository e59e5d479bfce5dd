"use client";

import { useState, type FormEvent } from "react";
import { useSchemaForm } from "@/components/ui/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { SCOPE_DESCRIPTIONS, TOKEN_SCOPES, type TokenScope } from "@/server/contracts/roles";
import { CreateTokenSchema } from "@/server/contracts/tokens";
import { SecretOnce } from "./secret-once";
import { useCreateToken, useRevokeToken, useTokens } from "./use-admin";

export function TokensPanel() {
  const { data, error } = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<TokenScope[]>([]);
  const { errors, submit: send } = useSchemaForm(CreateTokenSchema, (input) => create.mutateAsync(input));
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string; prefix: string; lastUsedAt: string | null } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await send({ name, scopes });
    if (!r) return;
    setSecret({ name: r.token.name, secret: r.secret });
    setName("");
    setScopes([]);
  }

  return (
    <Card title="API tokens for machines">
      <ConfirmDialog
        open={revoking !== null}
        title={revoking ? `Revoke the token of ${revoking.name}?` : ""}
        confirmLabel="Revoke token"
        busy={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking.id);
          setRevoking(null);
        }}
      >
        {revoking ? (
          <>
            <p>
              Token <span className="font-mono">{revoking.prefix}…</span>{" "}
              {revoking.lastUsedAt ? (
                <>was last used <strong>{new Date(revoking.lastUsedAt).toLocaleString()}</strong>.</>
              ) : (
                <>has never been used.</>
              )}
            </p>
            <p>Every call {revoking.name} makes with it is refused (401) from now on; it cannot be restored, only a new token issued.</p>
          </>
        ) : null}
      </ConfirmDialog>
      <form onSubmit={submit} noValidate aria-label="Issue a token" className="space-y-3">
        {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
        {secret ? <SecretOnce label={`Token ${secret.name}`} secret={secret.secret} onDismiss={() => setSecret(null)} /> : null}
        <Field label="Machine" htmlFor="token-name" error={errors.name} hint="Who will use it, e.g. feature-platform or favpush-scoring.">
          <Input id="token-name" value={name} invalid={!!errors.name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Scopes</legend>
          <div className="mt-1 grid grid-cols-1 gap-1 md:grid-cols-2">
            {TOKEN_SCOPES.map((s) => (
              <label key={s} className="flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-0.5" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} />
                <span>
                  <span className="font-mono text-xs">{s}</span> <span className="text-slate-500">{SCOPE_DESCRIPTIONS[s]}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.scopes ? <p role="alert" className="mt-1 text-xs text-red-700">{errors.scopes}</p> : null}
        </fieldset>
        <Button type="submit" variant="primary" disabled={create.isPending}>Issue token</Button>
      </form>
      <div className="mt-6">
        {error ? <Alert tone="error">{error.message}</Alert> : null}
        {data && data.length === 0 ? <p className="text-sm text-slate-500">No tokens issued yet.</p> : null}
        {data && data.length > 0 ? (
          <Table caption="API tokens">
            <thead>
              <tr>
                <Th>Machine</Th>
                <Th>Token</Th>
                <Th>Scopes</Th>
                <Th>Last used</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((t) => (
                <tr key={t.id} data-testid={`token-row-${t.name}`}>
                  <Td className="font-medium">{t.name}</Td>
                  <Td className="font-mono text-xs">{t.prefix}…</Td>
                  <Td className="space-x-1">{t.scopes.map((s) => <Badge key={s}>{s}</Badge>)}</Td>
                  <Td className="text-xs text-slate-500">{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</Td>
                  <Td className="text-right">
                    {t.revokedAt ? (
                      <Badge tone="red">revoked</Badge>
                    ) : (
                      <Button size="sm" variant="danger" disabled={revoke.isPending} onClick={() => setRevoking(t)}>Revoke</Button>
                    )}
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
