// The Knowledge and Skills Statements as shipped seed data (DfE, 2018 versions; see shared REFERENCE §2).
// Frameworks are data: new versions are added by an admin in the portal, not here.
import type { Track } from "./programme";

export interface FrameworkSeed {
  code: string;
  track: Track;
  version: string;
  title: string;
  titleCy: string;
  validFrom: string;
  validTo: string | null;
  statements: { number: number; title: string; titleCy: string }[];
}

export const SHIPPED_FRAMEWORKS: FrameworkSeed[] = [
  {
    code: "kss-practitioner",
    track: "practitioner",
    version: "2018",
    title: "Knowledge and skills statement for child and family practitioners",
    titleCy: "Datganiad gwybodaeth a sgiliau ar gyfer ymarferwyr plant a theuluoedd",
    validFrom: "2018-05-01",
    validTo: "2027-03-31",
    statements: [
      { number: 1, title: "Relationships and effective direct work", titleCy: "Perthnasoedd a gwaith uniongyrchol effeithiol" },
      { number: 2, title: "Communication", titleCy: "Cyfathrebu" },
      { number: 3, title: "Child development", titleCy: "Datblygiad plant" },
      { number: 4, title: "Adult mental ill health, substance misuse, domestic abuse, physical ill health and disability", titleCy: "Salwch meddwl oedolion, camddefnyddio sylweddau, cam-drin domestig, salwch corfforol ac anabledd" },
      { number: 5, title: "Abuse and neglect of children", titleCy: "Cam-drin ac esgeuluso plant" },
      { number: 6, title: "Child and family assessment", titleCy: "Asesu plant a theuluoedd" },
      { number: 7, title: "Analysis, decision-making, planning and review", titleCy: "Dadansoddi, gwneud penderfyniadau, cynllunio ac adolygu" },
      { number: 8, title: "The law and the family and youth justice systems", titleCy: "Y gyfraith a'r systemau cyfiawnder teuluol ac ieuenctid" },
      { number: 9, title: "The role of supervision and research", titleCy: "Rôl goruchwyliaeth ac ymchwil" },
      { number: 10, title: "Organisational context", titleCy: "Cyd-destun sefydliadol" },
    ],
  },
  {
    code: "kss-supervisor",
    track: "supervisor",
    version: "2018",
    title: "Knowledge and skills statement for practice supervisors",
    titleCy: "Datganiad gwybodaeth a sgiliau ar gyfer goruchwylwyr ymarfer",
    validFrom: "2018-05-01",
    validTo: null,
    statements: [
      { number: 1, title: "Promote and govern excellent practice", titleCy: "Hyrwyddo a llywodraethu ymarfer rhagorol" },
      { number: 2, title: "Developing excellent practitioners", titleCy: "Datblygu ymarferwyr rhagorol" },
      { number: 3, title: "Shaping and influencing the practice system", titleCy: "Llunio a dylanwadu ar y system ymarfer" },
      { number: 4, title: "Effective use of power and authority", titleCy: "Defnyddio pŵer ac awdurdod yn effeithiol" },
      { number: 5, title: "Confident analysis and decision-making", titleCy: "Dadansoddi a gwneud penderfyniadau yn hyderus" },
      { number: 6, title: "Purposeful and effective social work", titleCy: "Gwaith cymdeithasol pwrpasol ac effeithiol" },
      { number: 7, title: "Emotionally intelligent practice supervision", titleCy: "Goruchwylio ymarfer yn ddeallus yn emosiynol" },
      { number: 8, title: "Performance management and improvement", titleCy: "Rheoli perfformiad a gwella" },
    ],
  },
];
