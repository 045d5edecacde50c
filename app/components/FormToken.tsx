// The one-time token of a form that adds a record each time it is saved (app/services/submitted-forms.server.ts).
import { FORM_TOKEN_FIELD } from "../utils/form-token";

export function FormToken({ value }: { value: string }) {
  return <input type="hidden" name={FORM_TOKEN_FIELD} value={value} />;
}
