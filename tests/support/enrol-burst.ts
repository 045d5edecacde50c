// A second process for the capacity test: asks for places for many people at once.
//   tsx tests/support/enrol-burst.ts <cohortId> <personId,personId,...> <start at, ms since epoch>
// Each request fires at its own moment within the same short window in every process, so their
// transactions interleave rather than one process finishing before the other starts.
import { requestPlace } from "../../app/services/enrolment.server";
import { closeDb } from "../../app/utils/db.server";

const SPREAD_MS = 400;

const cohortId = Number(process.argv[2]);
const people = (process.argv[3] ?? "").split(",").map(Number);
const startAt = Number(process.argv[4] ?? Date.now());

const results = await Promise.all(
  people.map(async (personId, index) => {
    const at = startAt + Math.floor((index / people.length) * SPREAD_MS);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
    return requestPlace({ cohortId, personId, actor: { userId: null, personId }, direct: true });
  }),
);
console.log(JSON.stringify(results.map((r) => (r.ok ? r.status : r.error))));
await closeDb();
