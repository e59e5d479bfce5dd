import { ComingSection } from "@/components/sections/coming-section";

export const metadata = { title: "Models" };

export default function ModelsPage() {
  return (
    <ComingSection
      title="Models"
      description="Models served by TensorFlow Serving instances: versions and their state on every instance, signatures, version policy, labels and hot-fix reloads."
      emptyTitle="No model instances registered"
    >
      Model servers register themselves with an API token; the registry and the model pages are not available in this build yet.
    </ComingSection>
  );
}
