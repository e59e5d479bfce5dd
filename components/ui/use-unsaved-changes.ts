"use client";

import { useEffect, useState } from "react";

export const LEAVE_QUESTION = "You have unsaved changes on this page. Leave and lose them?";

/**
 * One guard for the whole document, shared by every form that has unsaved changes.
 *
 * The App Router has no route-change events to cancel, so the guard works at the browser's level:
 * - closing or reloading the tab: `beforeunload`, which makes the browser ask;
 * - a click on a link: a capture-phase listener on the document runs before React (and so before
 *   next/link) and asks first;
 * - the Back button: while something is unsaved, one extra history entry with the same address
 *   (the "guard") sits on top; Back lands on the entry under it, a same-address move the guard
 *   takes over before the router sees it, asks, and pushes the guard again if the person stays.
 */
const owners = new Set<symbol>();
let installed = false;
/** The guard entry's id while it is in the history, and the address it was pushed on. */
let guard: { id: string; href: string; key: string | undefined } | null = null;
/** The person agreed to leave: let the navigation through and ask nothing more. */
let leaving = false;
/** The next popstate is one the guard caused itself (taking its entry out): hide it from the router. */
let swallowNext: (() => void) | null | undefined;

function ask(): boolean {
  return window.confirm(LEAVE_QUESTION);
}

/** The Navigation API's entry key, where the browser has it: unlike history.state, it survives the router's replaceState. */
function entryKey(): string | undefined {
  return (window as { navigation?: { currentEntry?: { key: string } | null } }).navigation?.currentEntry?.key;
}

function onTopOfGuard(): boolean {
  if (!guard) return false;
  if (guard.key !== undefined) return entryKey() === guard.key;
  return (window.history.state as { __unsavedGuard?: string } | null)?.__unsavedGuard === guard.id;
}

/** The guard's state on <html data-unsaved-guard>: "on" (entry in place), "dropping" (on its way out), absent when settled. Tests wait on it. */
function mark() {
  const el = document.documentElement;
  if (guard) el.dataset.unsavedGuard = "on";
  else if (swallowNext !== undefined) el.dataset.unsavedGuard = "dropping";
  else delete el.dataset.unsavedGuard;
}

function pushGuard() {
  if (guard) return;
  const id = Math.random().toString(36).slice(2);
  // No address: Next.js's patched pushState copies its own state in and does not navigate.
  window.history.pushState({ __unsavedGuard: id }, "");
  guard = { id, href: window.location.href, key: entryKey() };
  mark();
}

/** Takes the guard entry back out, without the router noticing; `then` runs once it is out. */
function dropGuard(then?: () => void) {
  if (!onTopOfGuard()) {
    // Something replaced or covered the entry: going back now could leave the page, so leave it be.
    guard = null;
    mark();
    then?.();
    return;
  }
  guard = null;
  swallowNext = then ?? null;
  mark();
  window.history.back();
}

function onBeforeUnload(e: BeforeUnloadEvent) {
  if (owners.size === 0 || leaving) return;
  e.preventDefault();
  // Older browsers ask only when returnValue is set.
  e.returnValue = "";
}

function onClick(e: MouseEvent) {
  if (owners.size === 0 || leaving || e.defaultPrevented) return;
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
  if (!a || (a.target && a.target !== "_self") || a.hasAttribute("download")) return;
  const to = new URL(a.href, window.location.href);
  // Other sites unload the page, which `beforeunload` covers; a jump within the page loses nothing.
  if (to.origin !== window.location.origin) return;
  if (to.pathname === window.location.pathname && to.search === window.location.search) return;
  e.preventDefault();
  e.stopPropagation();
  if (!ask()) return;
  leaving = true;
  // Out with the guard entry first, so Back from the next page does not land on a copy of this one.
  dropGuard(() => a.click());
}

function onPopState(e: PopStateEvent) {
  if (swallowNext !== undefined) {
    const then = swallowNext;
    swallowNext = undefined;
    e.stopImmediatePropagation();
    mark();
    then?.();
    return;
  }
  if (owners.size === 0 || leaving || !guard || window.location.href !== guard.href) return;
  // Back from the guard entry: the same address, so the router has nothing to do.
  e.stopImmediatePropagation();
  guard = null;
  mark();
  if (ask()) {
    leaving = true;
    window.history.back();
  } else {
    pushGuard();
  }
}

function install() {
  if (installed) return;
  installed = true;
  window.addEventListener("beforeunload", onBeforeUnload);
  document.addEventListener("click", onClick, true);
  // Capture at the window runs before the router's own popstate listener.
  window.addEventListener("popstate", onPopState, true);
}

function settle() {
  if (owners.size > 0) return pushGuard();
  leaving = false;
  if (guard) dropGuard();
}

/**
 * Asks before the page is left (link, Back, close, reload) while `dirty` is true. `dirty` should
 * compare the current values with the loaded ones, so undoing an edit by hand ends the guard.
 */
export function useUnsavedChanges(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    install();
    const me = Symbol("unsaved");
    owners.add(me);
    settle();
    return () => {
      owners.delete(me);
      // After the current commit: a form re-registering at once (remount) keeps the guard entry.
      setTimeout(settle, 0);
    };
  }, [dirty]);
}

/** Values compared as JSON: enough for form values (strings, numbers, booleans, arrays, plain objects). */
export function sameValues(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The guard for a form whose values start as loaded: dirty while `values` differ from the values
 * it opened with (or last saved, after `markSaved`), not merely because a field was touched.
 */
export function useUnsavedValues<T>(values: T): { dirty: boolean; markSaved: (saved: T) => void } {
  const [baseline, setBaseline] = useState(() => JSON.stringify(values));
  const dirty = JSON.stringify(values) !== baseline;
  useUnsavedChanges(dirty);
  return { dirty, markSaved: (saved: T) => setBaseline(JSON.stringify(saved)) };
}
