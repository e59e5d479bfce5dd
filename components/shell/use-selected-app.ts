"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";

const STORAGE_KEY = "scoring.selectedApp";

/** The app the person works on: `?app=` wins, then the last choice kept in this browser. */
export function useSelectedApp(): [string | null, (app: string) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const fromUrl = params.get("app");
  const [stored, setStored] = useState<string | null>(null);

  useEffect(() => {
    setStored(window.localStorage.getItem(STORAGE_KEY));
  }, []);

  const select = useCallback(
    (app: string) => {
      window.localStorage.setItem(STORAGE_KEY, app);
      setStored(app);
      if (params.has("app")) {
        const next = new URLSearchParams(params);
        next.set("app", app);
        router.replace(`${pathname}?${next.toString()}`);
      }
    },
    [params, pathname, router],
  );

  return [fromUrl ?? stored, select];
}
