// A session cohort's registers, as L&D see and save them on the cohort's page. The core keeps the marks
// (`registerFor`, `saveRegister`); this file decides which sessions offer a register and which rows a
// save may touch.
import { registerFor, sessionHeld } from "../../../../app/services/attendance.server";
import type { Mark } from "../../../../app/utils/cohort-form";
import { formatDateTime } from "../../../../app/utils/dates";
import { parseId } from "../../../../app/utils/http.server";

type Session = { id: number; title: string; status: string; starts_at: string };

/**
 * Each session with its register when it has been held; one to come says when its register opens, one
 * cancelled that it has none. Nothing is offered for either, as the core would refuse the save.
 */
export async function registersOf(sessions: Session[], cohortId: number, viewerPersonId: number | null, locale: string, now = new Date()) {
  return Promise.all(
    sessions.map(async (s) => {
      const state = sessionHeld(s, now) ? ("held" as const) : s.status === "cancelled" ? ("cancelled" as const) : ("toCome" as const);
      const rows = state === "held" ? await registerFor(s.id, cohortId) : [];
      return {
        id: s.id,
        title: s.title,
        when: formatDateTime(s.starts_at, locale),
        state,
        register: rows.map((r) => ({ enrolmentId: r.enrolment_id, name: `${r.given_name} ${r.family_name}`, present: r.mark === "present", own: r.person_id === viewerPersonId })),
      };
    }),
  );
}

/**
 * The marks a posted register gives: each row the form showed (its `shown` fields) is present when
 * ticked and absent when not. Rows it did not show are left alone: someone promoted from the waiting list
 * while the page was open was never on it, so is not marked absent, nor a colleague's mark for them undone.
 */
export function shownMarks(form: FormData): Map<number, Mark | null> {
  const present = new Set(form.getAll("present").map(String));
  const marks = new Map<number, Mark | null>();
  for (const value of form.getAll("shown")) {
    const id = parseId(String(value));
    if (id) marks.set(id, present.has(String(id)) ? "present" : "absent");
  }
  return marks;
}
