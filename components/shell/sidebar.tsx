"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { can, type Role } from "@/server/contracts/roles";
import { WaitingCountBadge } from "@/components/approvals/waiting-count-badge";
import { cx } from "@/components/ui/cx";
import { NAV_GROUPS } from "./nav-items";
import { useSelectedApp } from "./use-selected-app";

export function Sidebar({ role }: { role: Role }) {
  const pathname = usePathname();
  const [app] = useSelectedApp();
  return (
    // The column carries the background and border down the whole page; the list inside stays in view.
    <div className="w-56 shrink-0 border-r border-slate-200 bg-white">
      <nav aria-label="Sections" className="sticky top-0 flex h-screen flex-col">
        <Link href="/apps" className="flex h-14 items-center gap-2 border-b border-slate-200 px-5">
          <span className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-xs font-bold text-white" aria-hidden>
            SC
          </span>
          <span className="text-sm font-semibold text-slate-900">Scoring Console</span>
        </Link>
        <div className="flex-1 space-y-5 overflow-y-auto px-3 py-4">
          {NAV_GROUPS.map((group) => (
            <div key={group.label}>
              <p className="px-2 pb-1 text-[11px] font-semibold uppercase tracking-wider text-slate-400">{group.label}</p>
              <ul className="space-y-0.5">
                {group.items
                  .filter((item) => !item.needs || can(role, item.needs))
                  .map((item) => {
                    const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
                    const href = item.perApp && app ? `${item.href}?app=${encodeURIComponent(app)}` : item.href;
                    return (
                      <li key={item.href}>
                        <Link
                          href={href}
                          aria-current={active ? "page" : undefined}
                          className={cx(
                            "flex items-center rounded-md px-2 py-1.5 text-sm",
                            active ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                          )}
                        >
                          {item.label}
                          {item.href === "/approvals" ? <WaitingCountBadge /> : null}
                        </Link>
                      </li>
                    );
                  })}
              </ul>
            </div>
          ))}
        </div>
      </nav>
    </div>
  );
}
