import { describeLondonToday } from "../../../tests/support/london-today";
import { guidedEntrySchema } from "../guided-learning-form";

describeLondonToday(guidedEntrySchema, "occurredOn", "learning.errors.future");
