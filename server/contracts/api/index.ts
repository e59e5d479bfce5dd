import * as adminApi from "./admin-api";
import * as appsApi from "./apps-api";
import * as approvalsApi from "./approvals-api";
import * as authApi from "./auth-api";
import * as configApi from "./config-api";
import * as connectionsApi from "./connections-api";
import * as dagApi from "./dag-api";
import * as featureTablesApi from "./feature-tables-api";
import * as fgApi from "./fg-api";
import * as instanceAllowlistApi from "./instance-allowlist-api";
import * as modelsApi from "./models-api";
import * as notificationsApi from "./notifications-api";
import * as releasesApi from "./releases-api";
import * as samplesApi from "./samples-api";
import * as solutionsApi from "./solutions-api";
import * as scoringApi from "./scoring-api";
import * as systemApi from "./system-api";
import * as telemetryApi from "./telemetry-api";
import * as telemetryAlertsApi from "./telemetry-alerts-api";
import * as templatesApi from "./templates-api";
import * as usedByApi from "./used-by-api";
import * as verificationApi from "./verification-api";
import * as warmupApi from "./warmup-api";
import type { EndpointSpec } from "./endpoint";

export type { EndpointSpec } from "./endpoint";
export { bodyLimitOf } from "./endpoint";

/** Every REST endpoint of the console. A test fails when a route file exists that is not here. */
export const api = { ...authApi, ...appsApi, ...adminApi, ...systemApi, ...modelsApi, ...instanceAllowlistApi, ...solutionsApi, ...featureTablesApi, ...connectionsApi, ...templatesApi, ...fgApi, ...scoringApi, ...releasesApi, ...approvalsApi, ...configApi, ...dagApi, ...samplesApi, ...warmupApi, ...verificationApi, ...usedByApi, ...notificationsApi, ...telemetryApi, ...telemetryAlertsApi } satisfies Record<string, EndpointSpec>;
export type ApiName = keyof typeof api;
