"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { call } from "@/components/api-client";
import { api } from "@/server/contracts/api";
import { Button } from "@/components/ui/button";

/** Signing out is a POST (a link or a prefetch must never end a session); this page asks first. */
export function SignOutForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <form
      aria-label="Sign out"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        await call(api.signOut).catch(() => undefined);
        router.replace("/sign-in");
        router.refresh();
      }}
    >
      <h1 className="text-base font-semibold text-slate-900">Sign out of Scoring Console?</h1>
      <p className="text-sm text-slate-600">Your session ends on the server at once; other browsers you are signed in with stay signed in.</p>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending} autoFocus>{pending ? "Signing out…" : "Sign out"}</Button>
        <Link href="/apps" className="inline-flex h-9 items-center rounded-md px-3.5 text-sm text-slate-600 hover:bg-slate-100">Cancel</Link>
      </div>
    </form>
  );
}
