import { describeLondonToday } from "../../../tests/support/london-today";
import { ledgerSchema } from "../forms";

describeLondonToday(ledgerSchema, "occurredOn", "funding.errors.future");
