"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False while React hydrates this component (it renders what the server rendered), true on every
 * later render and on client-side navigations. React uses the server snapshot only during hydration.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
