"use client";

import { useState, type FormEvent } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { Loading } from "@/components/ui/loading";
import { Table, Td, Th } from "@/components/ui/table";
import { useSchemaForm } from "@/components/ui/use-schema-form";
import { ROLES, type Role } from "@/server/contracts/roles";
import { CreateUserSchema } from "@/server/contracts/users";
import { SecretOnce } from "./secret-once";
import { useCreateUser, useUpdateUser, useUsers } from "./use-admin";

export function UsersPanel({ selfId }: { selfId: string }) {
  const { data, isLoading, error } = useUsers();
  const update = useUpdateUser();
  const [rowError, setRowError] = useState<string | null>(null);

  async function change(id: string, input: { role?: Role; active?: boolean }) {
    setRowError(null);
    try {
      await update.mutateAsync({ id, input });
    } catch (e) {
      setRowError(e instanceof ApiError ? e.message : "Not saved.");
    }
  }

  return (
    <Card title="People">
      <NewUserForm />
      <div className="mt-6 space-y-3">
        {rowError ? <Alert tone="error">{rowError}</Alert> : null}
        {isLoading ? <Loading /> : null}
        {error ? <Alert tone="error">{error.message}</Alert> : null}
        {data ? (
          <Table caption="Users">
            <thead>
              <tr>
                <Th>Email</Th>
                <Th>Name</Th>
                <Th>Role</Th>
                <Th>Status</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((u) => (
                <tr key={u.id} data-testid={`user-row-${u.email}`}>
                  <Td className="font-medium [overflow-wrap:anywhere]">{u.email}{u.id === selfId ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}</Td>
                  <Td>{u.name}</Td>
                  <Td>
                    <Select aria-label={`Role of ${u.email}`} className="min-w-[8.5rem]" value={u.role} disabled={update.isPending} onChange={(e) => change(u.id, { role: e.target.value as Role })}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>{r}</option>
                      ))}
                    </Select>
                  </Td>
                  <Td>{u.active ? <Badge tone="green">active</Badge> : <Badge tone="red">deactivated</Badge>}</Td>
                  <Td className="text-right">
                    <Button size="sm" variant={u.active ? "danger" : "secondary"} disabled={update.isPending} onClick={() => change(u.id, { active: !u.active })}>
                      {u.active ? "Deactivate" : "Reactivate"}
                    </Button>
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

function NewUserForm() {
  const create = useCreateUser();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const { errors, submit: send } = useSchemaForm(CreateUserSchema, (input) => create.mutateAsync(input));
  const [created, setCreated] = useState<{ email: string; password?: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await send({ email, name, role });
    if (!r) return;
    setCreated({ email: r.user.email, password: r.password });
    setEmail("");
    setName("");
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Add a person" className="space-y-3">
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      {created?.password ? <SecretOnce label={`Password for ${created.email}`} secret={created.password} onDismiss={() => setCreated(null)} /> : null}
      <div className="grid grid-cols-1 items-start gap-3 md:grid-cols-[1fr_1fr_10rem_auto]">
        <Field label="Email" htmlFor="new-user-email" error={errors.email}>
          <Input id="new-user-email" type="email" value={email} invalid={!!errors.email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label="Name" htmlFor="new-user-name" error={errors.name}>
          <Input id="new-user-name" value={name} invalid={!!errors.name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Role" htmlFor="new-user-role">
          <Select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="primary" className="md:mt-6" disabled={create.isPending}>
          Add person
        </Button>
      </div>
      <p className="text-xs text-slate-500">A password is generated and shown once; pass it on over a trusted channel.</p>
    </form>
  );
}
