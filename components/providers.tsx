"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ApiError } from "./api-client";
import "./zod-without-eval";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 5_000,
            // Retrying a 4xx only delays the message the person needs to see.
            retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
          },
          // A save is sent now or fails now: the default ("online") pauses mutations while the
          // browser is offline and replays them on reconnect, long after the person moved on.
          mutations: { networkMode: "always", retry: false },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
