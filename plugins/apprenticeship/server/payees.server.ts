// Who a payment from the levy may be for, beside the ledger that records it: apprentices, current or
// completed, and those who left the apprenticeship, for the training they had before they left.
import { londonToday } from "../../../app/utils/london-time";
import { PLUGIN_ID } from "../programme";
import { apprenticeshipDb } from "./db.server";
import { addMonths } from "./ledger.server";
import { isApprentice, payableApprentices, unansweredOffer } from "./progress.server";

/** How long after leaving someone withdrawn is offered as a payee: training before they left may be invoiced late. */
export const PAYABLE_MONTHS_AFTER_LEAVING = 12;

/**
 * Those who left the apprenticeship: withdrawn from a place on it, after its intake started, that had made
 * them an apprentice (an offer they accepted, or a place L&D gave). Training delivered before they left is
 * still paid for from the levy. A reserve, or someone who never accepted their offer, was never trained.
 * The place is not changed once withdrawn, so when it changed is when they left.
 */
function leftApprentices() {
  return apprenticeshipDb()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "=", "withdrawn")
    .where((eb) => eb("e.updated_at", ">=", eb.ref("c.starts_on")))
    .where(({ not }) => not(unansweredOffer("e.id")));
}

/**
 * Whom a payment from the levy may be for: an apprentice, current or completed (`isApprentice`), or someone
 * who left the apprenticeship (`leftApprentices`), for the training they had before they left.
 */
export async function isPayee(personId: number, now = new Date()) {
  if (await isApprentice(personId, now)) return true;
  return Boolean(await leftApprentices().select("p.id").where("p.id", "=", personId).executeTakeFirst());
}

/**
 * Who a payment can be recorded for on /funding: `payableApprentices`, then those who left within the last
 * year (`left`), by name, each person once: someone who left one intake and holds a place on another is
 * listed as the apprentice they are now.
 */
export async function payees(now = new Date()) {
  const since = addMonths(londonToday(now), -PAYABLE_MONTHS_AFTER_LEAVING);
  const [payable, left] = await Promise.all([
    payableApprentices(now),
    leftApprentices().where("e.updated_at", ">=", since).orderBy("p.family_name").orderBy("p.given_name").orderBy("p.id").select(["p.id", "p.given_name", "p.family_name"]).distinct().execute(),
  ]);
  const listed = new Set(payable.map((a) => a.personId));
  const leavers = left.filter((r) => !listed.has(r.id)).map((r) => ({ personId: r.id, name: `${r.given_name} ${r.family_name}`, completed: false, left: true }));
  return [...payable.map((a) => ({ ...a, left: false })), ...leavers];
}
