// One uploaded file from a multipart form, refused the moment the body passes the file's limit, so a
// 100 MB upload costs the server no more memory than a file at the limit.
import { readLimitedForm } from "./form-data.server";

/** Room for the form's other fields and the multipart framing around the file. */
const FRAMING_BYTES = 64 * 1024;

export type Upload = { kind: "file"; bytes: Uint8Array } | { kind: "missing" } | { kind: "tooLarge" };

export async function readUpload(request: Request, field: string, maxFileBytes: number): Promise<Upload> {
  const reading = await readFormWithUpload(request, maxFileBytes);
  return reading.kind === "tooLarge" ? reading : uploadIn(reading.form, field, maxFileBytes);
}

/** The whole form, for a route where a file is one of the things it may carry; "too large" past the file's limit. */
export function readFormWithUpload(request: Request, maxFileBytes: number) {
  return readLimitedForm(request, maxFileBytes + FRAMING_BYTES);
}

/** The file in a form already read. */
export async function uploadIn(form: FormData, field: string, maxFileBytes: number): Promise<Upload> {
  const file = form.get(field);
  if (!file || typeof file === "string" || file.size === 0) return { kind: "missing" };
  if (file.size > maxFileBytes) return { kind: "tooLarge" };
  return { kind: "file", bytes: new Uint8Array(await file.arrayBuffer()) };
}
