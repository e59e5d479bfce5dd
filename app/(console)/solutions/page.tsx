import { ComingSection } from "@/components/sections/coming-section";

export const metadata = { title: "Solutions" };

export default function SolutionsPage() {
  return (
    <ComingSection
      title="Solutions"
      description="A/B solutions of the selected app: feature query templates, fg class and version, model and version, and the buckets each one serves."
      emptyTitle="No solutions configured"
    >
      The solution editor (bucket grid, traffic preview, import and export of the solutions document) is not available in this build yet.
    </ComingSection>
  );
}
