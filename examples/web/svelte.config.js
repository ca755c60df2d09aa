import adapter from "@sveltejs/adapter-static";

/** Plain static files: every page is prerendered as an empty shell that the browser fills in. */
export default {
  kit: {
    adapter: adapter({ pages: "build", assets: "build", strict: true }),
  },
};
