import { z } from "zod";
import { BODY_LIMITS } from "../limits";
import {
  FgClassParamsSchema,
  FgClassSchema,
  FgVersionDetailSchema,
  FgVersionParamsSchema,
  PublishFgVersionSchema,
  TryDraftFgSchema,
  TryFgResultSchema,
  TryFgSchema,
} from "../fg-packages";
import { endpoint } from "./endpoint";

export const listFgClasses = endpoint({
  method: "GET",
  path: "/api/v1/fg",
  summary: "fg classes and their published versions",
  tag: "fg",
  access: "read",
  scopes: ["config:read"],
  response: z.object({ classes: z.array(FgClassSchema) }),
});

export const publishFgVersion = endpoint({
  method: "POST",
  path: "/api/v1/fg",
  summary: "Publish an fg version (declarative spec or code); published versions are immutable (409 for an existing one)",
  tag: "fg",
  access: "edit",
  body: PublishFgVersionSchema,
  response: FgVersionDetailSchema,
  status: 201,
  maxBodyBytes: BODY_LIMITS.fgPackage,
});

export const tryDraftFg = endpoint({
  method: "POST",
  path: "/api/v1/fg/try",
  summary: "Run an unpublished fg package on a featureMap (in the sandbox for code) and return the TensorIO",
  tag: "fg",
  access: "edit",
  body: TryDraftFgSchema,
  response: TryFgResultSchema,
  maxBodyBytes: BODY_LIMITS.fgPackage,
});

export const getFgClass = endpoint({
  method: "GET",
  path: "/api/v1/fg/classes/{fgClass}",
  summary: "One fg class and its versions, newest first",
  tag: "fg",
  access: "read",
  scopes: ["config:read"],
  params: FgClassParamsSchema,
  response: FgClassSchema,
});

export const getFgVersion = endpoint({
  method: "GET",
  path: "/api/v1/fg/classes/{fgClass}/versions/{version}",
  summary: "One published fg version with its spec or code (what the offline runner fetches)",
  tag: "fg",
  access: "read",
  scopes: ["config:read"],
  params: FgVersionParamsSchema,
  response: FgVersionDetailSchema,
});

export const tryFgVersion = endpoint({
  method: "POST",
  path: "/api/v1/fg/classes/{fgClass}/versions/{version}/try",
  summary: "Run a published fg version on a featureMap and return the TensorIO (the try-it box)",
  tag: "fg",
  access: "read",
  params: FgVersionParamsSchema,
  body: TryFgSchema,
  response: TryFgResultSchema,
});
