"use client";

import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { call } from "@/components/api-client";
import { api } from "@/server/contracts/api";
import type { ScoreRequestInput } from "@/server/contracts/scoring";

export function useScore() {
  return useMutation({ mutationFn: (req: ScoreRequestInput) => call(api.score, { body: req }) });
}

const MAX_RECENT = 12;

/**
 * Recent trial requests of this person, kept in this browser (a trial changes nothing on the
 * server, and neither does remembering it). Kept under the signed-in person's id: two people
 * who take turns on one browser each see only their own.
 */
export function useRecentRequests(userId: string) {
  const key = `scoring.trial.recent.${userId}`;
  const [recent, setRecent] = useState<ScoreRequestInput[]>([]);
  useEffect(() => {
    try {
      setRecent(JSON.parse(window.localStorage.getItem(key) ?? "[]") as ScoreRequestInput[]);
    } catch {
      setRecent([]);
    }
  }, [key]);
  const remember = useCallback(
    (req: ScoreRequestInput) => {
      setRecent((prev) => {
        const next = [req, ...prev.filter((p) => JSON.stringify(p) !== JSON.stringify(req))].slice(0, MAX_RECENT);
        try {
          window.localStorage.setItem(key, JSON.stringify(next));
        } catch {
          // Storage full or disabled: the list still works for this visit.
        }
        return next;
      });
    },
    [key],
  );
  return { recent, remember };
}
