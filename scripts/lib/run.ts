import { closeDb } from "../../app/utils/db.server";

/** Runs a command-line entry point: its answer is the exit code; an error is printed, not thrown. */
export function runScript(main: () => Promise<number>) {
  main()
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      return 1;
    })
    .then(async (code) => {
      await closeDb();
      process.exit(code);
    });
}
