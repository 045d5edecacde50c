// The caseload settings form, shared by its page and its action. Errors are keys in the "asye" namespace.
import { z } from "zod";
import { ASYE_STAGE } from "./constants";

const SHARE = "caseload.settings.errors.share";
const STAGES = "caseload.settings.errors.stages";

export const caseloadSettingsSchema = z.object({
  sharePercent: z.string({ required_error: SHARE }).trim().regex(/^\d{1,3}$/, SHARE).transform(Number).pipe(z.number().min(1, SHARE).max(100, SHARE)),
  // One ticked box arrives as a string, several as an array; none at all as nothing.
  experiencedStages: z
    .union([z.string(), z.array(z.string())], { required_error: STAGES, invalid_type_error: STAGES })
    .transform((v) => [...new Set(Array.isArray(v) ? v : [v])])
    .pipe(z.array(z.string().regex(/^[a-z_]{1,40}$/, STAGES).refine((code) => code !== ASYE_STAGE, "caseload.settings.errors.asyeStage")).min(1, STAGES)),
});
