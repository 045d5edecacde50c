// A newly qualified social worker whose year L&D have not started yet: the "Act on this" link of their
// "ASYE passed" requirement opens the ASYE home for them, and the page says who starts the year and what
// to do if it should have started, in English and Welsh. And every link the ASYE readiness gives a person
// is a page that person can open.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as mePathway from "../../../app/routes/me.pathway";
import { startSession } from "../../../app/utils/auth.server";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { serverI18n } from "../../../app/utils/i18n.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as home from "../routes/index";
import { asyeReadiness, REQUIREMENT_ID } from "../server/readiness.server";
import { ctx, newAsyeWorker } from "./year-support";

beforeAll(seedDemo);

/** A person signed in through their own account (made for them if they have none), as a request maker. */
async function signedIn(personId: number) {
  const person = await db().selectFrom("people").select("email").where("id", "=", personId).executeTakeFirstOrThrow();
  const existing = await db().selectFrom("users").select("id").where("person_id", "=", personId).executeTakeFirst();
  const userId = existing?.id ?? (await newPractitionerUser(personId, person.email));
  const cookie = (await startSession(userId)).split(";")[0];
  return (path: string) => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
}

async function newPractitionerUser(personId: number, email: string) {
  const [user] = await db().insertInto("users").values({ person_id: personId, email, password_hash: "not-used", created_at: new Date().toISOString() }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: user.id, role: "practitioner" }).execute();
  return user.id;
}

/** The ASYE home as the server renders it from its loader's data, in a locale, as text. */
async function renderedHome(loaderData: unknown, locale: Locale) {
  const routes = [{ id: "home", path: "/programmes/asye", loader: () => loaderData as object, element: createElement(home.default) }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("http://localhost/programmes/asye"));
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const i18n = serverI18n().cloneInstance({ lng: locale });
  const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(StaticRouterProvider, { router, context, hydrate: false })));
  return html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");
}

type Requirement = { key: string; met: boolean; actionHref?: string };
type Pathway = { next: { requirements: Requirement[] }[] };

describe("a newly qualified social worker waiting for their year", () => {
  it("follows the 'ASYE passed' requirement's Act on this link to the ASYE home, which opens for them", async () => {
    const as = await signedIn(await newAsyeWorker("ASYE-WAIT-1"));
    const pathway = (await run(mePathway.loader, as("/me/pathway"))).data as Pathway;
    const asyePassed = pathway.next.flatMap((s) => s.requirements).find((r) => r.key === `asye:${REQUIREMENT_ID}`)!;
    expect(asyePassed).toMatchObject({ met: false, actionHref: "/programmes/asye" });
    const opened = await run(home.loader, as(asyePassed.actionHref!));
    expect(opened.status).toBe(200);
    expect(opened.data).toMatchObject({ year: null, waitingForYear: true });
  });

  it("is told on the ASYE home who starts the year and what to do if it should have started, in English", async () => {
    const as = await signedIn(await newAsyeWorker("ASYE-WAIT-2"));
    const page = await renderedHome((await run(home.loader, as("/programmes/asye?lng=en-GB"))).data, "en-GB");
    expect(page).toContain("You do not have an ASYE year recorded.");
    expect(page).toContain("What happens next");
    expect(page).toContain("The learning and development team start your ASYE year: they record the date it starts and who your assessor is.");
    expect(page).toContain("If you think your year should have started already, ask your manager or the learning and development team.");
  });

  it("is told the same in Welsh", async () => {
    const as = await signedIn(await newAsyeWorker("ASYE-WAIT-3"));
    const page = await renderedHome((await run(home.loader, as("/programmes/asye?lng=cy"))).data, "cy");
    expect(page).toContain("Nid oes blwyddyn ASYE wedi'i chofnodi i chi.");
    expect(page).toContain("Beth sy'n digwydd nesaf");
    expect(page).toContain("Y tîm dysgu a datblygu sy'n dechrau eich blwyddyn ASYE: maen nhw'n cofnodi'r dyddiad y mae'n dechrau a phwy yw eich aseswr.");
    expect(page).toContain("Os ydych chi'n credu y dylai eich blwyddyn fod wedi dechrau eisoes, gofynnwch i'ch rheolwr neu i'r tîm dysgu a datblygu.");
  });

  it("is not what someone who is not at the ASYE stage is told: the manager only reads that they have no year", async () => {
    const page = await renderedHome((await run(home.loader, await requestAs("manager", "/programmes/asye"))).data, "en-GB");
    expect(page).toContain("You do not have an ASYE year recorded.");
    expect(page).not.toContain("What happens next");
  });
});

describe("every link the ASYE readiness gives a person", () => {
  it("opens for that person, whatever their year's state (not started, starting later, in progress, awaiting a decision, passed)", async () => {
    const people = (await db().selectFrom("people").select("id").execute()).map((p) => p.id);
    const linked = (await asyeReadiness(ctx(), people)).filter((item) => item.actionHref);
    const onePerReason = [...new Map(linked.map((item) => [item.reasonKey, item])).values()];
    expect(onePerReason.map((item) => item.reasonKey)).toEqual(expect.arrayContaining(["readiness.notStarted", "readiness.inProgress", "readiness.awaitingDecision", "readiness.passed"]));
    for (const item of onePerReason) {
      const opened = await run(home.loader, (await signedIn(item.personId))(item.actionHref!));
      expect({ reason: item.reasonKey, status: opened.status }).toEqual({ reason: item.reasonKey, status: 200 });
    }
  });
});
