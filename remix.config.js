// Classic Remix compiler (see docs/decisions/0001-classic-remix-compiler.md).
import { mountPluginRoutes, pluginRoots } from "./plugins/sdk/mount-routes.js";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  assetsBuildDirectory: "build/client/assets",
  publicPath: "/assets/",
  serverBuildPath: "build/server/index.js",
  watchPaths: ["plugins"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    v3_routeConfig: false,
  },
  routes: async (defineRoutes) => mountPluginRoutes(defineRoutes, pluginRoots()),
};
