"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, call } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { api } from "@/server/contracts/api";
import { SignInSchema } from "@/server/contracts/auth";
import { signInNext } from "@/server/contracts/sign-in-next";

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = SignInSchema.safeParse({ email, password });
    if (!parsed.success) {
      setFieldErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setFieldErrors({});
    setPending(true);
    setError(null);
    try {
      await call(api.signIn, { body: parsed.data });
      // Only same-origin paths: an open redirect would make the sign-in page a phishing tool.
      router.replace(signInNext(params.get("next"), window.location.origin));
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Sign-in failed.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-label="Sign in">
      <h1 className="text-base font-semibold text-slate-900">Sign in</h1>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field label="Email" htmlFor="email" error={fieldErrors.email}>
        <Input id="email" type="email" autoComplete="username" autoFocus value={email} invalid={!!fieldErrors.email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field label="Password" htmlFor="password" error={fieldErrors.password}>
        <Input id="password" type="password" autoComplete="current-password" value={password} invalid={!!fieldErrors.password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-xs text-slate-500">First start printed the admin (and, in demo mode, one account per role) in the console&apos;s terminal.</p>
    </form>
  );
}
