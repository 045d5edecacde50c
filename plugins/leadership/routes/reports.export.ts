import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse, toCsv } from "../../../app/utils/csv.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { PLUGIN_ID } from "../programme";
import { uptakeRows } from "../server/uptake.server";

/** Take-up by locality and role, as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const rows = await uptakeRows(t);
  const header = ["locality", "role", "placed", "completed", "waiting", "requested"].map((k) => t(`uptake.${k}`));
  return csvResponse("level-5-uptake.csv", toCsv(header, rows.map((r) => [r.locality, r.role, r.placed, r.completed, r.waiting, r.requested])));
}
