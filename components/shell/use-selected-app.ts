"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useSyncExternalStore } from "react";

const STORAGE_KEY = "scoring.selectedApp";
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function remember(app: string) {
  if (window.localStorage.getItem(STORAGE_KEY) === app) return;
  window.localStorage.setItem(STORAGE_KEY, app);
  listeners.forEach((l) => l());
}

/** The app the person works on: `?app=` wins, then the last choice kept in this browser. */
export function useSelectedApp(): [string | null, (app: string) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const stored = useSyncExternalStore(subscribe, () => window.localStorage.getItem(STORAGE_KEY), () => null);
  const fromUrl = params.get("app");

  const select = useCallback(
    (app: string) => {
      remember(app);
      if (params.has("app") && params.get("app") !== app) {
        const next = new URLSearchParams(params);
        next.set("app", app);
        router.replace(`${pathname}?${next.toString()}`);
      }
    },
    [params, pathname, router],
  );

  return [fromUrl ?? stored, select];
}

/** Pages about one app make it the selected one, so the switcher and per-app links follow. */
export function rememberSelectedApp(app: string): void {
  remember(app);
}
