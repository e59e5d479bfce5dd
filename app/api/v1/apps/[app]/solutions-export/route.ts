import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { json } from "@/server/http/error-response";
import { exportSolutions } from "@/server/solutions/export-solutions";

export const GET = handle(api.exportSolutions, async ({ db, params }) =>
  json(await exportSolutions(db, params.app), 200, { "content-disposition": `attachment; filename="${params.app}.solutions.json"` }),
);
