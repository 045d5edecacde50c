import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { allJobs, startJob } from "../services/jobs.server";
import { authorize } from "../utils/guard.server";
import { notFound } from "../utils/http.server";

/**
 * "Run now" on /admin: starts the job and goes back to /admin at once, where its progress shows. A job
 * already running (pressed on a page opened before it started, or by someone else) is not started again,
 * and /admin says so rather than nothing.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await authorize(request, "cohorts.manage");
  const found = (await allJobs()).find((j) => j.key === params.jobKey);
  if (!found) notFound();
  // The run is recorded before the redirect, so /admin shows it running; the job itself is not awaited
  // (a sync can take minutes) and records its own progress and outcome.
  const started = await startJob(found.plugin, found.job, actor);
  if (!started) return redirect(`/admin?alreadyRunning=${encodeURIComponent(found.key)}`);
  void started.finished.catch((error) => console.error(`Could not run ${params.jobKey}: ${error}`));
  return redirect("/admin");
}

export async function loader() {
  notFound();
}
