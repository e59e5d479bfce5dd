import type { VerificationCheck } from "@/server/contracts/verification";

/** Where a failed check is fixed: the console's pages (app/(console)/…). */
type Fix = NonNullable<VerificationCheck["fix"]>;

const q = encodeURIComponent;

export const fixLinks = {
  model: (model: string): Fix => ({ label: `Open model ${model}`, href: `/models/${q(model)}` }),
  models: (): Fix => ({ label: "Open Models", href: "/models" }),
  fg: (): Fix => ({ label: "Open fg packages", href: "/fg" }),
  solutions: (app: string): Fix => ({ label: "Edit the solutions", href: `/solutions?app=${q(app)}` }),
  versions: (app: string): Fix => ({ label: "Open the version DAG", href: `/dag?app=${q(app)}` }),
  featureTables: (): Fix => ({ label: "Open feature tables", href: "/feature-tables" }),
  sampleRequests: (app: string): Fix => ({ label: "Edit the sample requests", href: `/apps/${q(app)}` }),
};
