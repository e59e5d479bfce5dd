// @vitest-environment jsdom
import { QueryClient, QueryClientProvider, useQuery as tanstackUseQuery } from "@tanstack/react-query";
import { act, createElement as h, Suspense } from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it } from "vitest";
import { useQuery } from "./use-query";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type UseAppsQuery = (options: { queryKey: string[]; queryFn: () => Promise<string[]> }) => { data?: string[]; isLoading: boolean };

function AppNames({ use }: { use: UseAppsQuery }) {
  // Never settles: what is shown comes from the cache, as when another component fetched the key.
  const { data, isLoading } = use({ queryKey: ["apps"], queryFn: () => new Promise<string[]>(() => {}) });
  return h("p", null, isLoading ? "Loading…" : (data ?? []).join(", ") || "No apps yet");
}

/** Server-renders a pending query in a Suspense boundary, then hydrates it in a browser whose cache already holds the answer. */
async function hydrateOverACachedAnswer(use: UseAppsQuery) {
  const tree = (client: QueryClient) => h(QueryClientProvider, { client }, h(Suspense, null, h(AppNames, { use })));
  const container = document.createElement("div");
  container.innerHTML = renderToString(tree(new QueryClient()));
  document.body.appendChild(container);
  const serverText = container.textContent;

  const browser = new QueryClient();
  browser.setQueryData(["apps"], ["favpush", "search"]);
  const recoverable: unknown[] = [];
  await act(async () => {
    hydrateRoot(container, tree(browser), { onRecoverableError: (error) => recoverable.push(error) });
  });
  return { serverText, recoverable, text: container.textContent };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("useQuery during hydration", () => {
  it("TanStack's own hook renders the cached answer over the server's loading state: a hydration mismatch (why the wrapper exists)", async () => {
    const { serverText, recoverable } = await hydrateOverACachedAnswer(tanstackUseQuery as unknown as UseAppsQuery);
    expect(serverText).toBe("Loading…");
    expect(recoverable.length).toBeGreaterThan(0);
  });

  it("hydrates what the server rendered, then shows the cached answer", async () => {
    const { serverText, recoverable, text } = await hydrateOverACachedAnswer(useQuery as unknown as UseAppsQuery);
    expect(serverText).toBe("Loading…");
    expect(recoverable).toEqual([]);
    expect(text).toBe("favpush, search");
  });
});
