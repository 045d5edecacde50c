import { describe, expect, it } from "vitest";
import * as locales from "../../app/routes/locales.$lng.$ns";
import * as root from "../../app/root";
import { run } from "../support/route";

const get = (lng: string, ns: string) => run(locales.loader, new Request(`http://localhost/locales/${lng}/${ns}`), { lng, ns });

describe("translations for the browser", () => {
  it("serves one namespace in one language", async () => {
    const en = await get("en-GB", "common");
    expect(en.status).toBe(200);
    expect((en.data as { layout: { serviceName: string } }).layout.serviceName).toBe("Pathways");
    expect((await get("cy", "common")).status).toBe(200);
  });

  it("answers 404 for an unknown language or namespace", async () => {
    expect((await get("fr", "common")).status).toBe(404);
    expect((await get("cy", "no-such-plugin")).status).toBe(404);
  });

  it("answers 404 for the names every object has, not a server error", async () => {
    for (const ns of ["toString", "constructor", "hasOwnProperty", "__proto__", "valueOf"]) {
      expect((await get("en-GB", ns)).status, ns).toBe(404);
    }
  });
});

describe("choosing a language", () => {
  it("switches with ?lng=cy, keeps the choice in a cookie, and falls back to en-GB", async () => {
    const switched = await run(root.loader, new Request("http://localhost/accessibility?lng=cy"));
    expect((switched.data as { locale: string }).locale).toBe("cy");
    const cookie = switched.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^lng=/);
    expect(cookie).toMatch(/HttpOnly/i);
    const kept = await run(root.loader, new Request("http://localhost/accessibility", { headers: { Cookie: cookie.split(";")[0] } }));
    expect((kept.data as { locale: string }).locale).toBe("cy");
    const fallback = await run(root.loader, new Request("http://localhost/accessibility?lng=xx", { headers: { "Accept-Language": "fr-FR" } }));
    expect((fallback.data as { locale: string }).locale).toBe("en-GB");
    const browser = await run(root.loader, new Request("http://localhost/accessibility", { headers: { "Accept-Language": "cy-GB,cy;q=0.9" } }));
    expect((browser.data as { locale: string }).locale).toBe("cy");
  });
});
