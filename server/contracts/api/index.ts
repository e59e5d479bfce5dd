import * as adminApi from "./admin-api";
import * as appsApi from "./apps-api";
import * as authApi from "./auth-api";
import * as modelsApi from "./models-api";
import * as systemApi from "./system-api";
import type { EndpointSpec } from "./endpoint";

export type { EndpointSpec } from "./endpoint";

/** Every REST endpoint of the console. A test fails when a route file exists that is not here. */
export const api = { ...authApi, ...appsApi, ...adminApi, ...systemApi, ...modelsApi } satisfies Record<string, EndpointSpec>;
export type ApiName = keyof typeof api;
