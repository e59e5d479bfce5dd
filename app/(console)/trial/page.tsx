import { ComingSection } from "@/components/sections/coming-section";

export const metadata = { title: "Trial scoring" };

export default function TrialPage() {
  return (
    <ComingSection
      title="Trial scoring"
      description="Run a scoring request through bucket, features, fg and model, and see every step with its timing."
      emptyTitle="Trial scoring is not available yet"
    >
      It needs solutions, feature tables, fg and a registered model instance; those sections are not available in this build yet.
    </ComingSection>
  );
}
