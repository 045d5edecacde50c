// Notices a person sees on /me until they dismiss them, such as "you have been given a place".
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { db } from "../utils/db.server";
import { pageWindow } from "../utils/paging.server";
import { recordAudit, type Actor } from "./audit.server";

export interface NoticeInput {
  personId: number;
  source: string;
  messageKey: string;
  values?: Record<string, string | number>;
  href?: string;
}

const noticeRow = (notice: NoticeInput, createdAt: string) => ({
  person_id: notice.personId,
  source: notice.source,
  message_key: notice.messageKey,
  values_json: JSON.stringify(notice.values ?? {}),
  href: notice.href ?? null,
  created_at: createdAt,
  dismissed_at: null,
});

export async function addNotice(notice: NoticeInput, executor: Kysely<Database> = db()) {
  await addNotices([notice], executor);
}

/** Many notices, 500 to a statement: a staff import may tell thousands at once. */
export async function addNotices(notices: NoticeInput[], executor: Kysely<Database> = db()) {
  const now = new Date().toISOString();
  for (let i = 0; i < notices.length; i += 500) {
    await executor.insertInto("notices").values(notices.slice(i, i + 500).map((notice) => noticeRow(notice, now))).execute();
  }
}

/** How many undismissed notices /me lists on a page; there may be many more (a staff import tells many at once). */
export const NOTICES_PAGE_SIZE = 20;

const undismissed = (personId: number) => db().selectFrom("notices").where("person_id", "=", personId).where("dismissed_at", "is", null);

/**
 * One page of the person's undismissed notices, newest first, with how many there are in all: the page
 * says how many more there are and pages to them, rather than quietly showing only the newest.
 */
export async function openNoticesPage(personId: number, asked = 1) {
  const count = await undismissed(personId).select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(count.n);
  const shown = pageWindow(total, asked, NOTICES_PAGE_SIZE);
  const rows = await undismissed(personId)
    .select(["id", "source", "message_key", "values_json", "href", "created_at"])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(shown.limit)
    .offset(shown.offset)
    .execute();
  const notices = rows.map((r) => ({ id: r.id, source: r.source, key: r.message_key, values: JSON.parse(r.values_json) as Record<string, string | number>, href: r.href }));
  return { notices, total, page: shown.page, pageCount: shown.pageCount, from: shown.offset + 1, to: shown.offset + notices.length };
}

/** The newest page of the person's undismissed notices. */
export async function openNotices(personId: number) {
  return (await openNoticesPage(personId)).notices;
}

/** Every notice the person was sent, dismissed or not, oldest first, in words: for their data export. */
export async function everyNoticeOf(personId: number, translate: (source: string, key: string, values: Record<string, string | number>) => string) {
  const rows = await db().selectFrom("notices").select(["id", "source", "message_key", "values_json", "href", "created_at", "dismissed_at"]).where("person_id", "=", personId).orderBy("id").execute();
  return rows.map(({ values_json, ...row }) => ({ ...row, message: translate(row.source, row.message_key, JSON.parse(values_json) as Record<string, string | number>) }));
}

/** Whether the notice is the person's own and already dismissed: a second click of "Dismiss" is not an error. */
export async function dismissedAlready(personId: number, noticeId: number) {
  const notice = await db().selectFrom("notices").select("id").where("id", "=", noticeId).where("person_id", "=", personId).where("dismissed_at", "is not", null).executeTakeFirst();
  return notice !== undefined;
}

/** Dismisses one of the person's own notices, audited with it; answers whether there was one to dismiss. */
export async function dismissNotice(personId: number, noticeId: number, actor: Actor) {
  return db()
    .transaction()
    .execute(async (trx) => {
      const result = await trx
        .updateTable("notices")
        .set({ dismissed_at: new Date().toISOString() })
        .where("id", "=", noticeId)
        .where("person_id", "=", personId)
        .where("dismissed_at", "is", null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await recordAudit(actor, { action: "notice.dismissed", subjectType: "notice", subjectId: noticeId, personId }, trx);
      return true;
    });
}
