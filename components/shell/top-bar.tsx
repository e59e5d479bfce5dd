"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { call } from "@/components/api-client";
import { api } from "@/server/contracts/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { UserActor } from "@/server/contracts/auth";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { AppSwitcher } from "./app-switcher";

export function TopBar({ user }: { user: Pick<UserActor, "email" | "name" | "role"> }) {
  const router = useRouter();
  const [leaving, setLeaving] = useState(false);

  async function signOut() {
    setLeaving(true);
    try {
      await call(api.signOut);
    } finally {
      router.replace("/sign-in");
      router.refresh();
    }
  }

  return (
    <header className="sticky top-0 z-20 flex h-14 shrink-0 items-center justify-between border-b border-slate-200 bg-white px-6">
      <AppSwitcher />
      <div className="flex items-center gap-3">
        <NotificationBell />
        <div className="text-right leading-tight">
          <p className="text-sm font-medium text-slate-900" data-testid="current-user">
            {user.name}
          </p>
          <p className="text-xs text-slate-500">{user.email}</p>
        </div>
        <Badge tone={user.role === "admin" ? "indigo" : user.role === "viewer" ? "slate" : "green"}>
          <span data-testid="current-role">{user.role}</span>
        </Badge>
        <Button variant="ghost" size="sm" onClick={signOut} disabled={leaving}>
          Sign out
        </Button>
      </div>
    </header>
  );
}
