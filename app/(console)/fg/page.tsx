import { ComingSection } from "@/components/sections/coming-section";

export const metadata = { title: "fg" };

export default function FgPage() {
  return (
    <ComingSection
      title="fg (feature generation)"
      description="Versioned packages that turn a featureMap into the model's input tensors, the same code online and offline."
      emptyTitle="No fg packages"
    >
      Declarative and code fg versions, and the try-it box, are not available in this build yet.
    </ComingSection>
  );
}
