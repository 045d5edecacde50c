// The provider's feed is in English only. On a Welsh page its course text is marked as English, so a screen
// reader reads it with English pronunciation rather than Welsh (WCAG 3.1.2, language of parts).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { courseById } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { form } from "./support";

beforeAll(seedDemo);

const BASE = "/programmes/research-in-practice";

/** The text of every element on the page marked `lang="en-GB"`, the language of the provider's feed. */
function markedEnglish(html: string): string[] {
  return [...html.matchAll(/<(\w+)\b[^>]*\slang="en-GB"[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => decodeHtml(m[2].replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim());
}

/** Some marked English element holds the text in full. */
function expectMarkedEnglish(html: string, text: string) {
  expect(markedEnglish(html).some((marked) => marked.includes(text)), text).toBe(true);
}

const inDays = (days: number) => new Date(Date.parse(`${londonToday()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe("the provider's English course text on a Welsh page", () => {
  it("marks the course's summary, objectives and framework domains as English, and leaves the Welsh around them unmarked", async () => {
    const course = (await courseById("rip-permanence"))!;
    expect(course.pcf.length).toBeGreaterThan(0);
    const page = await import("../routes/courses.$courseId");
    const shown = await run(page.loader, await requestAs("practitioner", `${BASE}/courses/rip-permanence?lng=cy`), { courseId: "rip-permanence" });
    const html = await renderedAfterPost(page.default, shown.data, null, "cy");
    expectMarkedEnglish(html, course.summary);
    for (const objective of course.objectives) expectMarkedEnglish(html, objective);
    expectMarkedEnglish(html, course.pcf.join(", "));
    // The framework's name is the page's Welsh, outside the English.
    expect(decodeHtml(html)).toContain("Fframwaith Galluoedd Proffesiynol:");
    expect(markedEnglish(html).join(" ")).not.toContain("Fframwaith");
  });

  it("marks each objective the learner rates as English in its question's legend", async () => {
    const course = (await courseById("rip-law"))!;
    const page = await import("../routes/courses.$courseId");
    const path = `${BASE}/courses/rip-law`;
    const day = inDays(30);
    expect((await run(page.action, await requestAs("ld", path, form({ intent: "tailored", name: "Law: language", startsOn: day, endsOn: day, venue: "Language room", capacity: "5", managerApproval: "no" })), { courseId: "rip-law" })).status).toBe(303);
    const runs = ((await run(page.loader, await requestAs("practitioner", path), { courseId: "rip-law" })).data as { runs: { id: string; venue: string }[] }).runs;
    const runId = runs.find((r) => r.venue === "Language room")!.id;
    expect((await run(page.action, await requestAs("practitioner", path, form({ run: runId })), { courseId: "rip-law" })).status).toBe(303);
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
    const { id } = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort_id).where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();

    const evaluation = await import("../routes/evaluations.$enrolmentId");
    const shown = await run(evaluation.loader, await requestAs("practitioner", `${BASE}/evaluations/${id}?lng=cy`), { enrolmentId: String(id) });
    expect((shown.data as { stage: string }).stage).toBe("before");
    const html = await renderedAfterPost(evaluation.default, shown.data, null, "cy");
    const legends = [...html.matchAll(/<legend\b[^>]*>([\s\S]*?)<\/legend>/g)].map((m) => m[1]);
    expect(legends).toHaveLength(course.objectives.length);
    legends.forEach((legend, i) => expectMarkedEnglish(legend, course.objectives[i]));
  });

  it("marks each objective in the impact report's table as English", async () => {
    const course = (await courseById("rip-permanence"))!;
    const impact = await import("../routes/impact");
    const shown = await run(impact.loader, await requestAs("ld", `${BASE}/impact?course=rip-permanence&lng=cy`));
    const html = await renderedAfterPost(impact.default, shown.data, null, "cy");
    const cells = [...html.matchAll(/<tr\b[^>]*>\s*<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1]);
    for (const objective of course.objectives) expect(cells.filter((cell) => markedEnglish(cell).includes(objective)), objective).toHaveLength(1);
  });
});
