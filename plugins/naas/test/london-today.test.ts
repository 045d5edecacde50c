import { describeLondonToday } from "../../../tests/support/london-today";
import { evidenceSchema } from "../naas-forms";

describeLondonToday(evidenceSchema, "occurredOn", "evidence.errors.future");
