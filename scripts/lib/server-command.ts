// How a production app process runs: one node process running the compiled server (build/serve.js, from
// `npm run build`), with a ceiling on the JavaScript heap. Without the ceiling V8 sizes the heap to the
// machine (about 4 GB here) and lets garbage grow to 150 MB and more before collecting, so a server whose
// live data is about 50 MB sat at 330–450 MB resident under load; with it, about 250 MB at the same
// throughput (docs/performance.md). A 60,000-row staff import through the server peaks near 350 MB and
// fits. Running compiled JavaScript rather than TypeScript through tsx's loader saves the loader's own
// memory (ADR 0013). `npm start` (package.json) runs the same command; a test holds the two together.
export const SERVER_HEAP_MB = 256;

export const SERVER_SCRIPT = "build/serve.js";

export const SERVER_NODE_ARGS = [`--max-old-space-size=${SERVER_HEAP_MB}`, SERVER_SCRIPT];
