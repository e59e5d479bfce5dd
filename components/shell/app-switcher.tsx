"use client";

import { useApps } from "@/components/apps/use-apps";
import { useSelectedApp } from "./use-selected-app";

export function AppSwitcher() {
  const { data, isLoading } = useApps();
  const [selected, select] = useSelectedApp();
  const apps = data ?? [];
  const value = selected && apps.some((a) => a.name === selected) ? selected : (apps[0]?.name ?? "");

  return (
    <div className="flex items-center gap-2">
      <label htmlFor="app-switcher" className="text-xs font-medium uppercase tracking-wide text-slate-500">
        App
      </label>
      <select
        id="app-switcher"
        className="h-8 min-w-44 rounded-md border border-slate-300 bg-white px-2 text-sm"
        value={value}
        disabled={isLoading || apps.length === 0}
        onChange={(e) => select(e.target.value)}
      >
        {apps.length === 0 ? <option value="">{isLoading ? "Loading…" : "No apps yet"}</option> : null}
        {apps.map((a) => (
          <option key={a.name} value={a.name}>
            {a.name}
          </option>
        ))}
      </select>
    </div>
  );
}
