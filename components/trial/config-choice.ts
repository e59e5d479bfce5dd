import type { ScoreRequestInput } from "@/server/contracts/scoring";

/** The configuration a trial scores under: what scoring services read, the draft, or a pending change request's candidate. */
export type ConfigChoice = "published" | "draft" | "change-request";

type Options = NonNullable<ScoreRequestInput["options"]>;

/** `options` set to score under `choice`; a change request needs its id (without one, published). */
export function withConfigChoice(options: Options, choice: ConfigChoice, changeRequestId: string | null): Options {
  const { source: _source, ...rest } = options;
  if (choice === "change-request" && changeRequestId) return { ...rest, config: "published", source: { kind: "change-request", id: changeRequestId } };
  return { ...rest, config: choice === "draft" ? "draft" : "published" };
}

export function choiceOf(options: ScoreRequestInput["options"]): ConfigChoice {
  return options?.source ? "change-request" : (options?.config ?? "published");
}

/** How a trial's configuration is named beside its result. */
export function configLabel(options: ScoreRequestInput["options"]): string {
  const choice = choiceOf(options);
  return choice === "change-request" ? "change request" : choice;
}
