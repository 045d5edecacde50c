// The subject access download names what each place and register mark is for (the course, its
// programme, the session and when it started) rather than ids alone, explains the codes it uses, and
// writes its README so that older Windows tools read Welsh letters and names such as "Siân".
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { saveRegister } from "../../app/services/attendance.server";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace } from "../../app/services/enrolment.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";
import { downloadPersonalData } from "../support/personal-data-download";

const COHORT_NAME = "Carfan Siân – haf";
let cohortId: number;
let session: { id: number; title: string; starts_at: string };

beforeAll(async () => {
  await seedDemo();
  cohortId = await createCohort(
    { programmeId: "leadership", name: COHORT_NAME, startsOn: "2024-05-06", endsOn: "2024-06-06", capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: "2024-05-06", cadence: "weekly", count: 1, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
  session = await db().selectFrom("cohort_sessions").select(["id", "title", "starts_at"]).where("cohort_id", "=", cohortId).executeTakeFirstOrThrow();
  const placed = await requestPlace({ cohortId, personId: await personIdOf("practitioner"), actor: { userId: null, personId: null }, direct: true });
  if (!placed.ok) throw new Error(placed.error);
  await saveRegister(session.id, cohortId, new Map([[placed.enrolmentId, "present"]]), { userId: null, personId: await personIdOf("ld") });
});

describe("the subject access download", () => {
  it("names each place's course and programme, and each mark's session and when it started", async () => {
    const { files } = await downloadPersonalData("practitioner", "/me/export?lng=cy");
    const document = JSON.parse(files["personal-data.json"]);
    const place = document.enrolments.find((e: { cohort_id: number }) => e.cohort_id === cohortId);
    expect(place).toMatchObject({ cohort_name: COHORT_NAME, programme_id: "leadership", programme: expect.any(String) });
    expect(place.programme).not.toBe("leadership");
    const mark = document.attendance.find((a: { session_id: number }) => a.session_id === session.id);
    expect(mark).toMatchObject({ status: "present", session_title: session.title, session_starts_at: session.starts_at, cohort_name: COHORT_NAME, programme: place.programme });
    const [header, ...rows] = files["csv/attendance.csv"].split("\r\n");
    expect(header.split(",")).toEqual(expect.arrayContaining(["session_title", "session_starts_at", "cohort_name", "programme"]));
    expect(rows.some((row) => row.includes(COHORT_NAME) && row.includes(session.title))).toBe(true);
  });

  it("reads the programme's name in the downloader's language", async () => {
    const inWelsh = JSON.parse((await downloadPersonalData("practitioner", "/me/export?lng=cy")).files["personal-data.json"]);
    const inEnglish = JSON.parse((await downloadPersonalData("practitioner", "/me/export")).files["personal-data.json"]);
    const programmeOf = (document: { enrolments: { cohort_id: number; programme: string }[] }) => document.enrolments.find((e) => e.cohort_id === cohortId)?.programme;
    expect(programmeOf(inWelsh)).not.toBe(programmeOf(inEnglish));
  });

  it("writes the README with a byte order mark, as the CSV files are", async () => {
    const { outcome } = await downloadPersonalData("practitioner", "/me/export?lng=cy");
    const archive = unzipSync(outcome.data as Uint8Array);
    const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];
    expect([...archive["README.txt"].slice(0, 3)]).toEqual(BYTE_ORDER_MARK);
    expect([...archive["csv/enrolments.csv"].slice(0, 3)]).toEqual(BYTE_ORDER_MARK);
  });

  it("explains the codes for places, register marks and progression requests in the downloader's language", async () => {
    const english = (await downloadPersonalData("practitioner", "/me/export")).files["README.txt"];
    for (const line of ["waitlisted: on the waiting list", "excused: did not attend", "awaiting_panel: with the progression panel"]) expect(english).toContain(line);
    const welsh = (await downloadPersonalData("practitioner", "/me/export?lng=cy")).files["README.txt"];
    for (const line of ["waitlisted: ar y rhestr aros", "excused: yn absennol", "awaiting_panel: gyda'r panel dilyniant"]) expect(welsh).toContain(line);
  });
});
