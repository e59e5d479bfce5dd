"use client";

import { useEffect } from "react";
import { rememberSelectedApp } from "@/components/shell/use-selected-app";
import { Alert } from "@/components/ui/alert";
import { AppVerificationSection } from "@/components/samples/app-verification-section";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import { NotificationWebhookCard } from "@/components/notifications/notification-webhook-card";
import { AppForm } from "./app-form";
import { useApp } from "./use-apps";

export function AppEditor({ name, canEdit, canAdmin = false }: { name: string; canEdit: boolean; canAdmin?: boolean }) {
  const { data, isLoading, error } = useApp(name);
  useEffect(() => {
    if (data) rememberSelectedApp(data.name);
  }, [data]);
  return (
    <>
      <PageHeader title={`App ${name}`} description={data ? `Version ${data.version}, last changed by ${data.updatedBy}.` : undefined} />
      {isLoading ? <Loading /> : null}
      {error ? <Alert tone="error" title="Could not load the app">{error.message}</Alert> : null}
      {data ? <AppForm key={data.id} app={data} canEdit={canEdit} /> : null}
      {data ? <AppVerificationSection app={data.name} originFields={data.originFields.map((f) => f.name)} canAdmin={canAdmin} /> : null}
      {data ? <NotificationWebhookCard app={data.name} canEdit={canEdit} /> : null}
    </>
  );
}
