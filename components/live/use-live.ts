"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import { windowBounds, type LiveWindowChoice } from "./live-window";

/** How often the Live page asks again: reporters send once a minute, so 15 s shows a report soon after it lands. */
export const LIVE_REFETCH_MS = 15_000;

export function useLive(app: string, choice: LiveWindowChoice) {
  return useQuery({
    queryKey: queryKeys.live(app, choice),
    queryFn: ({ signal }) => {
      const bounds = windowBounds(choice);
      return call(api.getLive, { params: { app }, query: { ...bounds, step: choice.step ?? undefined }, signal });
    },
    refetchInterval: LIVE_REFETCH_MS,
    // A new window keeps the old charts up until its data is there, instead of a blank page.
    placeholderData: keepPreviousData,
  });
}
