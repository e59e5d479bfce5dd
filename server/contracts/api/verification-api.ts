import { IdParamsSchema } from "../common";
import { VerificationReportSchema } from "../verification";
import { endpoint } from "./endpoint";

/** Release verification (docs/verification.md): reports, and re-running a change request's. */

export const verifyChangeRequest = endpoint({
  method: "POST",
  path: "/api/v1/change-requests/{id}/verify",
  summary: "Re-run verification of a pending publish or rollback request (editors, admins; a few per minute each): answers the new report, running",
  tag: "approvals",
  access: "edit",
  params: IdParamsSchema,
  response: VerificationReportSchema,
  status: 202,
});

export const getVerificationReport = endpoint({
  method: "GET",
  path: "/api/v1/verification-reports/{id}",
  summary: "One verification report: state and progress, each check, the per-solution sample statistics, what it was computed against",
  tag: "approvals",
  access: "read",
  params: IdParamsSchema,
  response: VerificationReportSchema,
});
