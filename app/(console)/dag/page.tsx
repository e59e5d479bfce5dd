import { ComingSection } from "@/components/sections/coming-section";

export const metadata = { title: "Version DAG" };

export default function DagPage() {
  return (
    <ComingSection
      title="Version DAG"
      description="Data, trigger and output nodes of the selected app: how a new feature or model version travels to the config center."
      emptyTitle="No version DAG yet"
    >
      The graph editor and its propagation engine are not available in this build yet.
    </ComingSection>
  );
}
