// Nothing typed into the career pathway's pages or sent to them makes the server answer 500, on the
// production build: odd stage codes and ids, control characters, over-long text, repeated fields.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../support/fixtures";
import { signInOverHttp, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let admin: string;

beforeAll(async () => {
  await seedDemo();
  server = await startServer();
  admin = await signInOverHttp(server.url, "admin@demo.test");
});
afterAll(() => server?.close());

const long = "a".repeat(5000);

const GETS = [
  "/me/pathway?stage=%00", `/me/pathway?stage=${long}`, "/me/pathway?stage[]=a&stage[]=b", "/me/pathway?asked=%00",
  "/admin/pathway/%00", `/admin/pathway/${long}`, "/admin/pathway/..%2f..%2fpackage", "/admin/pathway?saved=%00",
  "/admin/progression?page=abc&view=%00", "/admin/progression?page=99999999&view=decided", "/admin/progression/1e3", "/admin/progression/-1",
  "/admin/progression/99999999999999999999", "/team/progression/%00",
];

const form = "application/x-www-form-urlencoded";
const POSTS: { path: string; type: string; body: string }[] = [
  { path: "/me/pathway", type: form, body: `toStage=%00&statement=${long}` },
  { path: "/me/pathway", type: form, body: "toStage[]=a&toStage[]=b&statement=%00%01" },
  { path: "/me/pathway", type: form, body: "toStage=social_worker&toStage=team_manager&statement=" },
  { path: "/me/pathway", type: "application/json", body: '{"toStage":"social_worker"}' },
  { path: "/me/pathway", type: "multipart/form-data; boundary=zzz", body: "--zzz\r\nbroken" },
  { path: "/admin/pathway/social_worker", type: form, body: `nameEn=%00&nameCy=${long}&position=1e9&track=%00&minYears=1.5` },
  { path: "/admin/pathway/social_worker", type: form, body: `nameEn=A&nameCy=B&position=40&track=main&minYears=&${Array.from({ length: 150 }, (_, i) => `requirements=x${i}%00`).join("&")}` },
  { path: "/admin/pathway/%00", type: form, body: "nameEn=A" },
  { path: "/admin/progression/99999999", type: form, body: "decision=approve&note=x" },
  { path: "/admin/progression/abc", type: form, body: "decision=%00&note=%00" },
];

describe("hostile input to the career pathway", () => {
  it.each(GETS)("GET %s is answered without a server error", async (path) => {
    const response = await fetch(`${server.url}${path}`, { headers: { Cookie: admin }, redirect: "manual" });
    expect(response.status).toBeLessThan(500);
  });

  it.each(POSTS)("POST $path ($type) is answered without a server error", async ({ path, type, body }) => {
    const response = await fetch(`${server.url}${path}`, { method: "POST", headers: { Cookie: admin, Origin: server.url, "Content-Type": type }, body, redirect: "manual" });
    expect(response.status).toBeLessThan(500);
  });
});
