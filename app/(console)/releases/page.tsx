import { ComingSection } from "@/components/sections/coming-section";

export const metadata = { title: "Releases" };

export default function ReleasesPage() {
  return (
    <ComingSection
      title="Releases"
      description="Every publish of the selected app to the config center: author, approver, diff against the previous release, delivery state, rollback."
      emptyTitle="Nothing published yet"
    >
      Publishing through the config center is not available in this build yet.
    </ComingSection>
  );
}
