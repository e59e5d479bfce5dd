import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

/**
 * An honest empty state for a section whose capability has not landed yet: it says what
 * the section will do and that nothing is configured, rather than showing made-up data.
 */
export function ComingSection({ title, description, emptyTitle, children }: { title: string; description: string; emptyTitle: string; children: ReactNode }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState title={emptyTitle}>{children}</EmptyState>
    </>
  );
}
