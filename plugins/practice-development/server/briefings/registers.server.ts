// A session cohort's registers, as L&D see and save them on the cohort's page. The core keeps the marks
// (`registerFor`, `saveRegister`); this file decides which sessions offer a register and which rows a
// save may touch.
import { registerFor, sessionHeld, type ShownMarks } from "../../../../app/services/attendance.server";
import { MARKS, type Mark } from "../../../../app/utils/cohort-form";
import { formatDateTime } from "../../../../app/utils/dates";
import { parseId } from "../../../../app/utils/http.server";
import { NOT_RECORDED } from "../../register-marks";

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
        register: rows.map((r) => ({ enrolmentId: r.enrolment_id, name: `${r.given_name} ${r.family_name}`, mark: (r.mark ?? null) as Mark | null, own: r.person_id === viewerPersonId })),
      };
    }),
  );
}

const markNamed = (value: FormDataEntryValue): Mark | null => ((MARKS as readonly string[]).includes(String(value)) ? (String(value) as Mark) : null);

/**
 * The mark chosen on a row's radios (`mark-<id>`): null for "Not recorded" (or none chosen, on a page drawn
 * before it was offered), so a row the facilitator leaves unmarked records nothing rather than an absence,
 * and one marked by mistake has its mark removed (the core clears it, audited, as it changed from the mark
 * shown). Undefined for a value no radio offers (a tampered form), so that row is left as it is rather than
 * its mark cleared.
 */
function markChosen(form: FormData, id: number): Mark | null | undefined {
  const chosen = form.get(`mark-${id}`);
  if (chosen === null || chosen === "" || chosen === NOT_RECORDED) return null;
  return (MARKS as readonly string[]).includes(String(chosen)) ? (String(chosen) as Mark) : undefined;
}

/**
 * The marks a posted register gives, and the marks its form showed (`shown`, for the core to write only
 * the rows the user changed and refuse a row a colleague changed meanwhile). Each row the form showed (its
 * `shown` field, with its mark as shown in `shown-<id>`, empty when unmarked) is given the mark chosen on
 * its radios, or none for "Not recorded", which removes a mark shown. Rows it did not show are left alone:
 * someone promoted from the waiting list while the page was open was never on it, so is not marked, nor a
 * colleague's mark for them undone.
 */
export function shownMarks(form: FormData): { marks: Map<number, Mark | null>; shown: ShownMarks } {
  const marks = new Map<number, Mark | null>();
  const shown = new Map<number, Mark | null>();
  for (const value of form.getAll("shown")) {
    const id = parseId(String(value));
    const was = id ? form.get(`shown-${id}`) : null;
    if (!id || was === null) continue;
    const chosen = markChosen(form, id);
    if (chosen === undefined) continue;
    shown.set(id, markNamed(was));
    marks.set(id, chosen);
  }
  return { marks, shown };
}
