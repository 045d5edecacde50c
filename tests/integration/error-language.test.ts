// The error a route throws is worded in the request's language. A page shows it through the translated
// ErrorBoundary, which reads only its status; a download, a POST-only address or a form posted without a
// page sends the thrown body itself, so a Welsh speaker must get it in Welsh. Routes are run inside the
// request scope the HTTP layer gives every request (scripts/http-app.ts); those that know the request
// word their refusal without it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sessionCalendar from "../../plugins/leadership/routes/sessions.$sessionId.calendar";
import * as logout from "../../app/routes/logout";
import * as cpdExport from "../../app/routes/me.cpd.export.$year";
import * as myCpd from "../../app/routes/me.cpd._index";
import * as myExport from "../../app/routes/me.export";
import * as teamCsv from "../../app/routes/team.export[.]csv";
import * as person from "../../app/routes/team.$personId._index";
import { notFound } from "../../app/utils/http.server";
import { localeCookie } from "../../app/utils/i18n.server";
import { withRequestLanguage } from "../../app/utils/request-language.server";
import { requestAs, seedDemo } from "../support/fixtures";
import { signInOverHttp, startServer, type RunningServer } from "../support/server";
import { run } from "../support/route";

const WELSH = {
  notFound: "Heb ddod o hyd i'r dudalen.",
  forbidden: "Nid oes gennych fynediad at y dudalen hon.",
  methodNotAllowed: "Nid oes modd defnyddio'r dudalen hon yn y ffordd honno.",
  tooLarge: "Mae'r hyn a anfonwyd gennych yn rhy fawr.",
};
const ENGLISH = {
  notFound: "Page not found.",
  forbidden: "You do not have access to this page.",
  methodNotAllowed: "This page cannot be used that way.",
};

/** A route answered as the HTTP layer answers it: inside the request's own scope. */
function answered(...args: Parameters<typeof run>) {
  return withRequestLanguage(() => run(...args));
}

beforeAll(async () => {
  await seedDemo();
});

describe("a resource route's error body", () => {
  it("answers a GET to sign out with a 405 in the request's language", async () => {
    const welsh = await run(logout.loader, await requestAs(null, "/logout?lng=cy"));
    expect(welsh.status).toBe(405);
    expect(welsh.data).toContain(WELSH.methodNotAllowed);
    expect(welsh.headers.get("Content-Type")).toContain("charset=utf-8");
    const english = await run(logout.loader, await requestAs(null, "/logout"));
    expect(english.status).toBe(405);
    expect(english.data).toContain(ENGLISH.methodNotAllowed);
  });

  it("answers a GET to the personal data download with a 405 in Welsh from the language cookie", async () => {
    const welsh = await run(myExport.loader, await requestAs(null, "/me/export", { headers: { Cookie: (await localeCookie.serialize("cy")).split(";")[0] } }));
    expect(welsh.status).toBe(405);
    expect(welsh.data).toContain(WELSH.methodNotAllowed);
  });

  it("answers a CPD download for a year that is not one with a 404 in the request's language", async () => {
    const welsh = await answered(cpdExport.loader, await requestAs("practitioner", "/me/cpd/export/not-a-year?lng=cy"), { year: "not-a-year" });
    expect(welsh.status).toBe(404);
    expect(welsh.data).toContain(WELSH.notFound);
    const english = await answered(cpdExport.loader, await requestAs("practitioner", "/me/cpd/export/not-a-year"), { year: "not-a-year" });
    expect(english.status).toBe(404);
    expect(english.data).toContain(ENGLISH.notFound);
  });

  it("answers a plugin's calendar download for no such session with the core's 404 in Welsh", async () => {
    const welsh = await answered(sessionCalendar.loader, await requestAs("manager", "/programmes/leadership/sessions/999999999/calendar?lng=cy"), { sessionId: "999999999" });
    expect(welsh.status).toBe(404);
    expect(welsh.data).toContain(WELSH.notFound);
  });

  it("refuses a download the role does not allow with a 403 in the request's language", async () => {
    const welsh = await run(teamCsv.loader, await requestAs("practitioner", "/team.csv?lng=cy"));
    expect(welsh.status).toBe(403);
    expect(welsh.data).toContain(WELSH.forbidden);
    const english = await run(teamCsv.loader, await requestAs("practitioner", "/team.csv"));
    expect(english.data).toContain(ENGLISH.forbidden);
  });

  it("refuses a form past the size limit with a 413 in Welsh", async () => {
    const request = await requestAs("practitioner", "/me/cpd?lng=cy", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(50 * 1024 * 1024) },
      body: "title=x",
    });
    const refused = await answered(myCpd.action, request);
    expect(refused.status).toBe(413);
    expect(refused.data).toContain(WELSH.tooLarge);
  });
});

describe("through the HTTP layer, which gives every request room for its language", () => {
  let server: RunningServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer();
    cookie = await signInOverHttp(server.url, "practitioner@demo.test");
  });
  afterAll(() => server?.close());

  const body = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie, ...headers }, redirect: "manual" });
    return { status: response.status, text: await response.text() };
  };

  it("words a download's 404 and a GET to sign out's 405 in Welsh for a Welsh reader, and in English otherwise", async () => {
    expect(await body("/me/cpd/export/not-a-year?lng=cy")).toEqual({ status: 404, text: expect.stringContaining(WELSH.notFound) });
    expect(await body("/me/cpd/export/not-a-year")).toEqual({ status: 404, text: expect.stringContaining(ENGLISH.notFound) });
    const welshCookie = `${cookie}; ${(await localeCookie.serialize("cy")).split(";")[0]}`;
    expect(await body("/logout", { Cookie: welshCookie })).toEqual({ status: 405, text: expect.stringContaining(WELSH.methodNotAllowed) });
  });

  it("answers an address whose percent escape cannot be decoded as a page not found, in the reader's language", async () => {
    // Express's own handler answered these "Bad Request" in English (and, outside tests, logged a stack trace).
    for (const path of ["/team/%", "/admin/pathway/%zz", "/programmes/research-in-practice/runs/%E0%A4%A"]) {
      expect(await body(`${path}?lng=cy`)).toEqual({ status: 404, text: expect.stringContaining(WELSH.notFound) });
      expect(await body(path)).toEqual({ status: 404, text: expect.stringContaining(ENGLISH.notFound) });
    }
  });
});

describe("a page route's error", () => {
  it("keeps the status and status text the translated ErrorBoundary reads", async () => {
    const request = await requestAs("manager", "/team/999999999?lng=cy");
    const thrown = await withRequestLanguage(() => person.loader({ request, params: { personId: "999999999" }, context: {} }).then(() => undefined, (error: unknown) => error));
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect((thrown as Response).statusText).toBe("Not Found");
    expect(await (thrown as Response).text()).toContain(WELSH.notFound);
    expect((thrown as Response).statusText).toBe("Not Found");
  });
});

describe("outside a request", () => {
  it("words the error in English for scripts and logs", async () => {
    const thrown = (() => {
      try {
        notFound();
      } catch (error) {
        return error as Response;
      }
    })();
    expect(await thrown.text()).toBe("Not found");
  });
});
