/**
 * The submitted form, or an empty one when the body cannot be read as a form (wrong content type,
 * broken multipart): the route's own validation then says what is missing, instead of a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}
