// A session cohort's registers, as L&D see and save them on the cohort's page. The core keeps the marks
// (`registerFor`, `saveRegister`); this file decides which sessions offer a register and which rows a
// save may touch.
import { registerFor, sessionHeld, type ShownMarks } from "../../../../app/services/attendance.server";
import { MARKS, type Mark } from "../../../../app/utils/cohort-form";
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
        register: rows.map((r) => ({ enrolmentId: r.enrolment_id, name: `${r.given_name} ${r.family_name}`, mark: (r.mark ?? null) as Mark | null, own: r.person_id === viewerPersonId })),
      };
    }),
  );
}

const markNamed = (value: FormDataEntryValue): Mark | null => ((MARKS as readonly string[]).includes(String(value)) ? (String(value) as Mark) : null);

/**
 * The marks a posted register gives, and the marks its form showed (`shown`, for the core to write only
 * the rows the user changed and refuse a row a colleague changed meanwhile). Each row the form showed (its
 * `shown` field, with its mark as shown in `shown-<id>`, empty when unmarked) is present when ticked and
 * absent when not. Rows it did not show are left alone: someone promoted from the waiting list while the
 * page was open was never on it, so is not marked absent, nor a colleague's mark for them undone.
 */
export function shownMarks(form: FormData): { marks: Map<number, Mark | null>; shown: ShownMarks } {
  const present = new Set(form.getAll("present").map(String));
  const marks = new Map<number, Mark | null>();
  const shown = new Map<number, Mark | null>();
  for (const value of form.getAll("shown")) {
    const id = parseId(String(value));
    const was = id ? form.get(`shown-${id}`) : null;
    if (!id || was === null) continue;
    shown.set(id, markNamed(was));
    marks.set(id, present.has(String(id)) ? "present" : "absent");
  }
  return { marks, shown };
}
