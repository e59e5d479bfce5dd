/**
 * The window the Live page shows, as its URL says: a preset ending now (`?window=6h`, rolling
 * with every refetch) or fixed bounds (`?from=..&to=..`, what the Releases page links to), and an
 * optional step in seconds (`?step=300`).
 */

export const WINDOW_PRESETS = [
  { id: "1h", label: "Last 1 h", ms: 3_600_000 },
  { id: "6h", label: "Last 6 h", ms: 6 * 3_600_000 },
  { id: "24h", label: "Last 24 h", ms: 24 * 3_600_000 },
  { id: "7d", label: "Last 7 d", ms: 7 * 86_400_000 },
] as const;
export type WindowPresetId = (typeof WINDOW_PRESETS)[number]["id"];

export const STEP_CHOICES = [
  { seconds: 60, label: "1 min" },
  { seconds: 300, label: "5 min" },
  { seconds: 900, label: "15 min" },
  { seconds: 3_600, label: "1 h" },
  { seconds: 21_600, label: "6 h" },
  { seconds: 86_400, label: "1 d" },
] as const;

/** The API answers at most 1,500 points; steps that would give more are not offered. */
const MAX_POINTS = 1_500;

export type LiveWindowChoice = { kind: "preset"; preset: WindowPresetId; step: number | null } | { kind: "fixed"; from: string; to: string; step: number | null };

export function windowFromParams(params: { get(name: string): string | null }): LiveWindowChoice {
  const step = parseStep(params.get("step"));
  const from = params.get("from");
  const to = params.get("to");
  if (from && to && Number.isFinite(Date.parse(from)) && Number.isFinite(Date.parse(to)) && Date.parse(from) < Date.parse(to)) {
    return { kind: "fixed", from: new Date(from).toISOString(), to: new Date(to).toISOString(), step };
  }
  const preset = WINDOW_PRESETS.find((p) => p.id === params.get("window"))?.id ?? "1h";
  return { kind: "preset", preset, step };
}

function parseStep(raw: string | null): number | null {
  const n = raw ? Number(raw) : NaN;
  return STEP_CHOICES.some((s) => s.seconds === n) ? n : null;
}

/** The bounds to ask the API for, now. */
export function windowBounds(choice: LiveWindowChoice, now: number = Date.now()): { from: string; to: string } {
  if (choice.kind === "fixed") return { from: choice.from, to: choice.to };
  const ms = WINDOW_PRESETS.find((p) => p.id === choice.preset)!.ms;
  return { from: new Date(now - ms).toISOString(), to: new Date(now).toISOString() };
}

export function windowSpanMs(choice: LiveWindowChoice): number {
  if (choice.kind === "fixed") return Date.parse(choice.to) - Date.parse(choice.from);
  return WINDOW_PRESETS.find((p) => p.id === choice.preset)!.ms;
}

/** Steps that keep the window within the API's point limit and give more than one point. */
export function stepsFor(choice: LiveWindowChoice): { seconds: number; label: string }[] {
  const span = windowSpanMs(choice);
  return STEP_CHOICES.filter((s) => span / (s.seconds * 1000) <= MAX_POINTS && s.seconds * 1000 < span);
}

/** The Live view around a moment (a release going live): 30 minutes before to 90 minutes after. */
export function liveHrefAround(app: string, at: string): string {
  const t = Date.parse(at);
  const from = new Date(t - 30 * 60_000).toISOString();
  const to = new Date(t + 90 * 60_000).toISOString();
  return `/live?${new URLSearchParams({ app, from, to }).toString()}`;
}
