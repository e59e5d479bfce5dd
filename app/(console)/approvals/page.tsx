import { ComingSection } from "@/components/sections/coming-section";

export const metadata = { title: "Approvals" };

export default function ApprovalsPage() {
  return (
    <ComingSection
      title="Approvals"
      description="Publishes and version promotions waiting for a reviewer. Nobody approves their own request."
      emptyTitle="Nothing waits for your review"
    >
      Change requests arrive here once publishing and the version DAG are available.
    </ComingSection>
  );
}
