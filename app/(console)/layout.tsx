import { Suspense, type ReactNode } from "react";
import { requirePageUser } from "@/app/_lib/page-user";
import { Sidebar } from "@/components/shell/sidebar";
import { TopBar } from "@/components/shell/top-bar";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <div className="flex min-h-screen">
      {/* First tab stop: keyboard users jump past the section list and the top bar. */}
      <a
        href="#main-content"
        className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-indigo-700 focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-white focus:shadow-lg focus:outline-2 focus:outline-offset-2 focus:outline-indigo-500"
      >
        Skip to main content
      </a>
      <Suspense>
        <Sidebar role={user.role} />
      </Suspense>
      <div className="flex min-w-0 flex-1 flex-col">
        <Suspense>
          <TopBar user={{ email: user.email, name: user.name, role: user.role }} />
        </Suspense>
        <main id="main-content" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          <div className="mx-auto max-w-7xl px-6 py-8 xl:px-8">{children}</div>
        </main>
      </div>
    </div>
  );
}
