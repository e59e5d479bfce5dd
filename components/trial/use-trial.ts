"use client";

import { useMutation } from "@tanstack/react-query";
import { useCallback, useMemo, useSyncExternalStore } from "react";
import { apiFetch } from "@/components/api-client";
import type { ScoreRequestInput, ScoreResponse } from "@/server/contracts/scoring";

export function useScore() {
  return useMutation({ mutationFn: (req: ScoreRequestInput) => apiFetch<ScoreResponse>("/api/v1/score", { method: "POST", body: req }) });
}

const MAX_RECENT = 12;

// What this visit could not store (storage full or disabled), read ahead of localStorage so the
// list still works. Listeners are the mounted useRecentRequests hooks.
const remembered = new Map<string, string>();
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function storedText(key: string): string {
  const kept = remembered.get(key);
  if (kept !== undefined) return kept;
  try {
    return window.localStorage.getItem(key) ?? "[]";
  } catch {
    return "[]";
  }
}

function parseRecent(text: string): ScoreRequestInput[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as ScoreRequestInput[]) : [];
  } catch {
    return [];
  }
}

/**
 * Recent trial requests of this person, kept in this browser (a trial changes nothing on the
 * server, and neither does remembering it). Kept under the signed-in person's id: two people
 * who take turns on one browser each see only their own. The server render has none; the
 * browser's list is read after hydration (useSyncExternalStore's server snapshot).
 */
export function useRecentRequests(userId: string) {
  const key = `scoring.trial.recent.${userId}`;
  const text = useSyncExternalStore(subscribe, () => storedText(key), () => "[]");
  const recent = useMemo(() => parseRecent(text), [text]);
  const remember = useCallback(
    (req: ScoreRequestInput) => {
      const prev = parseRecent(storedText(key));
      const next = JSON.stringify([req, ...prev.filter((p) => JSON.stringify(p) !== JSON.stringify(req))].slice(0, MAX_RECENT));
      try {
        window.localStorage.setItem(key, next);
        remembered.delete(key);
      } catch {
        // Storage full or disabled: the list still works for this visit.
        remembered.set(key, next);
      }
      for (const listener of listeners) listener();
    },
    [key],
  );
  return { recent, remember };
}
