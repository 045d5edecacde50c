// Where the catalogue feed is: RIP_FEED_URL and RIP_FEED_TOKEN in production; in demo mode, the bundled
// sample feed served by this portal itself, so the demo needs no network.
import { env } from "../../../app/utils/env.server";
import { PLUGIN_ID } from "../programme";
import type { FeedConfig } from "./sync.server";

export const SAMPLE_FEED_TOKEN = "sample-feed";

export function feedConfig(): FeedConfig | null {
  if (process.env.RIP_FEED_URL) return { url: process.env.RIP_FEED_URL, token: process.env.RIP_FEED_TOKEN ?? "" };
  if (env.isDemo) return { url: `http://127.0.0.1:${env.port}/programmes/${PLUGIN_ID}/sample-feed`, token: SAMPLE_FEED_TOKEN };
  return null;
}
