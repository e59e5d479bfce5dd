import { ComingSection } from "@/components/sections/coming-section";

export const metadata = { title: "Feature tables" };

export default function FeatureTablesPage() {
  return (
    <ComingSection
      title="Feature tables"
      description="Tables that feature query templates read with getKV and getKKV. The business sees tables and keys; the storage behind them (built-in, Redis) stays hidden."
      emptyTitle="No feature tables registered"
    >
      Registering tables, looking up keys and loading sample rows is not available in this build yet.
    </ComingSection>
  );
}
