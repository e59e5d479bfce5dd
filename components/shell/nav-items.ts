import type { Capability } from "@/server/contracts/roles";

export interface NavItem {
  href: string;
  label: string;
  /** Sections scoped to one app carry the selected app in `?app=`. */
  perApp?: boolean;
  needs?: Capability;
}

export const NAV_GROUPS: { label: string; items: NavItem[] }[] = [
  {
    label: "Configure",
    items: [
      { href: "/apps", label: "Apps" },
      { href: "/solutions", label: "Solutions", perApp: true },
      { href: "/feature-tables", label: "Feature tables" },
      { href: "/fg", label: "fg" },
      { href: "/models", label: "Models" },
      { href: "/dag", label: "Version DAG", perApp: true },
    ],
  },
  {
    label: "Release",
    items: [
      { href: "/releases", label: "Releases", perApp: true },
      { href: "/approvals", label: "Approvals" },
    ],
  },
  {
    label: "Operate",
    items: [
      { href: "/live", label: "Live", perApp: true },
      { href: "/trial", label: "Trial scoring" },
      { href: "/audit", label: "Audit log" },
      { href: "/admin", label: "Admin", needs: "admin" },
    ],
  },
];
