import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The notice of an extended year is worded when the person reads it, "by 1 week" or "by 8 weeks", and
 * i18next chooses between them by a `count` among the notice's stored values. Notices sent before that
 * carry only `weeks`, and without a count the English would show the bare key: they are given the count
 * of their weeks. (The Welsh reads the same either way.)
 */
export const extendNoticeCount: Migration = {
  async up(db: AnyDb) {
    const notices: { id: number; values_json: string }[] = await db.selectFrom("notices").select(["id", "values_json"]).where("source", "=", "asye").where("message_key", "=", "notices.extend").execute();
    for (const notice of notices) {
      const values = JSON.parse(notice.values_json) as Record<string, unknown>;
      const weeks = Number(values.weeks);
      if (values.count !== undefined || !Number.isFinite(weeks)) continue;
      await db
        .updateTable("notices")
        .set({ values_json: JSON.stringify({ ...values, count: weeks }) })
        .where("id", "=", notice.id)
        .execute();
    }
  },
  // The count is harmless to older code, which reads only `weeks`.
  async down() {},
};
