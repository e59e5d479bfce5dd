import { z } from "zod";
import {
  CreateModelSchema,
  DeregisterInstanceSchema,
  ImportModelConfSchema,
  InstanceSchema,
  ModelDetailSchema,
  ModelNameSchema,
  ModelOperationRequestSchema,
  ModelOperationSchema,
  ModelOverviewSchema,
  ModelParamsSchema,
  ModelSchema,
  OperationParamsSchema,
  RegisterInstanceSchema,
  SignatureQuerySchema,
  SignaturesSchema,
} from "../models";
import { endpoint } from "./endpoint";

export const registerInstance = endpoint({
  method: "PUT",
  path: "/api/v1/registry/instances",
  summary: "Announce or renew a model server instance (model, gRPC address) for ttlSeconds",
  tag: "registry",
  access: "edit",
  scopes: ["registry:write"],
  body: RegisterInstanceSchema,
  response: InstanceSchema,
});

export const deregisterInstance = endpoint({
  method: "DELETE",
  path: "/api/v1/registry/instances",
  summary: "Remove an instance from the registry at once (it also drops out when it stops renewing)",
  tag: "registry",
  access: "edit",
  scopes: ["registry:write"],
  body: DeregisterInstanceSchema,
  response: InstanceSchema,
});

export const listInstances = endpoint({
  method: "GET",
  path: "/api/v1/registry/instances",
  summary: "Live instances, optionally of one model",
  tag: "registry",
  access: "read",
  scopes: ["config:read", "registry:write"],
  query: z.object({ model: ModelNameSchema.optional() }),
  response: z.object({ instances: z.array(InstanceSchema) }),
});

export const listModels = endpoint({
  method: "GET",
  path: "/api/v1/models",
  summary: "Every model with its instances, their health and the versions each has",
  tag: "models",
  access: "read",
  response: z.object({ models: z.array(ModelOverviewSchema) }),
});

export const createModel = endpoint({
  method: "POST",
  path: "/api/v1/models",
  summary: "Manage a model: base path and version policy (specific versions by default)",
  tag: "models",
  access: "edit",
  body: CreateModelSchema,
  response: ModelSchema,
  status: 201,
});

export const importModelConf = endpoint({
  method: "POST",
  path: "/api/v1/model-conf",
  summary: "Import a TF Serving model.conf (text format): creates or updates its models",
  tag: "models",
  access: "edit",
  body: ImportModelConfSchema,
  response: z.object({ models: z.array(z.object({ model: ModelSchema, created: z.boolean() })) }),
});

export const getModel = endpoint({
  method: "GET",
  path: "/api/v1/models/{model}",
  summary: "A model: config, rendered model.conf, and the state of every version on every instance",
  tag: "models",
  access: "read",
  params: ModelParamsSchema,
  response: ModelDetailSchema,
});

export const getModelConf = endpoint({
  method: "GET",
  path: "/api/v1/models/{model}/model.conf",
  summary: "The model's config in TF Serving's model.conf text format (text/plain)",
  tag: "models",
  access: "read",
  params: ModelParamsSchema,
});

export const getSignatures = endpoint({
  method: "GET",
  path: "/api/v1/models/{model}/signatures",
  summary: "Signature defs (GetModelMetadata), also as saved_model_cli prints them",
  tag: "models",
  access: "read",
  params: ModelParamsSchema,
  query: SignatureQuerySchema,
  response: SignaturesSchema,
});

export const listModelOperations = endpoint({
  method: "GET",
  path: "/api/v1/models/{model}/operations",
  summary: "Recent operations on a model, newest first",
  tag: "models",
  access: "read",
  params: ModelParamsSchema,
  response: z.object({ operations: z.array(ModelOperationSchema) }),
});

export const startModelOperation = endpoint({
  method: "POST",
  path: "/api/v1/models/{model}/operations",
  summary:
    "Load, unload, label, hot-fix or apply a policy; runs in the background (poll it). Unloading or hot-fixing a version live uses or a label points at " +
    "answers 409 confirmation_required (details.affects) unless `confirm: true`; such a hot fix goes one instance at a time",
  tag: "models",
  access: "edit",
  params: ModelParamsSchema,
  body: ModelOperationRequestSchema,
  response: ModelOperationSchema,
  status: 202,
});

export const getModelOperation = endpoint({
  method: "GET",
  path: "/api/v1/models/{model}/operations/{id}",
  summary: "One operation with its progress steps",
  tag: "models",
  access: "read",
  params: OperationParamsSchema,
  response: ModelOperationSchema,
});
