import {
  CheckFeatureTemplatesResultSchema,
  CheckFeatureTemplatesSchema,
  TemplateContextQuerySchema,
  TemplateRegistryContextSchema,
} from "../feature-tables";
import { endpoint } from "./endpoint";

export const getTemplateContext = endpoint({
  method: "GET",
  path: "/api/v1/templates/context",
  summary: "What an app's query templates are checked against: tables and their operators, origin fields, known version keys",
  tag: "templates",
  access: "read",
  query: TemplateContextQuerySchema,
  response: TemplateRegistryContextSchema,
});

export const checkTemplates = endpoint({
  method: "POST",
  path: "/api/v1/templates/check",
  summary: "Check feature query templates of an app: errors and warnings per feature, with column ranges",
  tag: "templates",
  access: "read",
  body: CheckFeatureTemplatesSchema,
  response: CheckFeatureTemplatesResultSchema,
});
