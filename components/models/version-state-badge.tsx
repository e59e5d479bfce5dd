import { Badge } from "@/components/ui/badge";

const TONE: Record<string, "green" | "amber" | "slate" | "red"> = {
  AVAILABLE: "green",
  LOADING: "amber",
  START: "amber",
  UNLOADING: "amber",
  END: "slate",
};

export function VersionStateBadge({ state, error }: { state: string; error?: { message: string } | null }) {
  return (
    <span title={error?.message}>
      <Badge tone={error ? "red" : (TONE[state] ?? "slate")}>{error ? `${state}: error` : state}</Badge>
    </span>
  );
}
