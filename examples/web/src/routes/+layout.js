// Everything is computed in the browser (the engine runs in a Web Worker): no server rendering,
// each page prerendered as a static shell for adapter-static.
export const ssr = false;
export const prerender = true;
export const trailingSlash = "always";
