import { Suspense, type ReactNode } from "react";
import { requirePageUser } from "@/app/_lib/page-user";
import { Sidebar } from "@/components/shell/sidebar";
import { TopBar } from "@/components/shell/top-bar";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <div className="flex min-h-screen">
      <Suspense>
        <Sidebar role={user.role} />
      </Suspense>
      <div className="flex min-w-0 flex-1 flex-col">
        <Suspense>
          <TopBar user={{ email: user.email, name: user.name, role: user.role }} />
        </Suspense>
        <main className="flex-1">
          <div className="mx-auto max-w-7xl px-8 py-8">{children}</div>
        </main>
      </div>
    </div>
  );
}
