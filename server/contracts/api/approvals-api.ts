import { z } from "zod";
import {
  ChangeRequestListSchema,
  ChangeRequestSchema,
  DecisionSchema,
  ListChangeRequestsQuerySchema,
  RejectionSchema,
  WaitingCountSchema,
  EditChangeRequestSchema,
  RebaseChangeRequestSchema,
} from "../approvals";
import { ChangeSummaryResponseSchema } from "../change-summary";
import { IdParamsSchema } from "../common";
import { endpoint } from "./endpoint";

const ListItemSchema = ChangeRequestSchema.extend({ waitingForMe: z.boolean() });

export const listChangeRequests = endpoint({
  method: "GET",
  path: "/api/v1/change-requests",
  summary: "Change requests (publishes, DAG promotions…), newest first; `waiting=me`: only those the caller may decide now",
  tag: "approvals",
  access: "read",
  query: ListChangeRequestsQuerySchema,
  response: ChangeRequestListSchema,
});

export const countWaitingChangeRequests = endpoint({
  method: "GET",
  path: "/api/v1/change-requests/waiting-count",
  summary: "How many pending requests wait for the caller's decision (the count in the navigation)",
  tag: "approvals",
  access: "read",
  response: WaitingCountSchema,
});

export const getChangeRequest = endpoint({
  method: "GET",
  path: "/api/v1/change-requests/{id}",
  summary: "One change request with its approvals and diff",
  tag: "approvals",
  access: "read",
  params: IdParamsSchema,
  response: ListItemSchema,
});

export const getChangeRequestSummary = endpoint({
  method: "GET",
  path: "/api/v1/change-requests/{id}/summary",
  summary: "What a pending publish does to live, in words: traffic per solution, buckets that move, users who change solution, model/fg/template changes, version keys (null with a reason for a decided request or a kind that makes no release)",
  tag: "approvals",
  access: "read",
  params: IdParamsSchema,
  response: ChangeSummaryResponseSchema,
});

export const approveChangeRequest = endpoint({
  method: "POST",
  path: "/api/v1/change-requests/{id}/approve",
  summary: "Approve (reviewers; never one's own request: 403). With enough approvals the change is applied in the same transaction",
  tag: "approvals",
  access: "review",
  params: IdParamsSchema,
  body: DecisionSchema,
  response: ChangeRequestSchema,
});

export const rejectChangeRequest = endpoint({
  method: "POST",
  path: "/api/v1/change-requests/{id}/reject",
  summary: "Reject with a reason (reviewers; never one's own request: 403); the request ends",
  tag: "approvals",
  access: "review",
  params: IdParamsSchema,
  body: RejectionSchema,
  response: ChangeRequestSchema,
});

export const editChangeRequest = endpoint({
  method: "PATCH",
  path: "/api/v1/change-requests/{id}",
  summary: "Change a pending request (its comment, and for a publish its change); every approval given so far is withdrawn",
  tag: "approvals",
  access: "edit",
  params: IdParamsSchema,
  body: EditChangeRequestSchema,
  response: ChangeRequestSchema,
});

export const withdrawChangeRequest = endpoint({
  method: "POST",
  path: "/api/v1/change-requests/{id}/withdraw",
  summary: "The requester (or an admin) takes a pending request back",
  tag: "approvals",
  access: "edit",
  params: IdParamsSchema,
  response: ChangeRequestSchema,
});

export const rebaseChangeRequest = endpoint({
  method: "POST",
  path: "/api/v1/change-requests/{id}/rebase",
  summary: "The requester (or an admin) rebuilds a stale pending publish on the latest release: diff computed again, every approval withdrawn",
  tag: "approvals",
  access: "edit",
  params: IdParamsSchema,
  body: RebaseChangeRequestSchema,
  response: ChangeRequestSchema,
});
