/** The field that carries a form's one-time token (app/services/submitted-forms.server.ts). */
export const FORM_TOKEN_FIELD = "formToken";
