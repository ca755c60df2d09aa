// Serves the built app (examples/web/build, plain static files) on 127.0.0.1.
// Usage: node examples/web/serve.mjs [port]   (0 picks a free port; prints the URL)
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const buildDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "build");
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".wasm": "application/wasm", ".png": "image/png", ".svg": "image/svg+xml",
};

/** Starts the server; resolves with the listening http.Server. */
export function serve(port = 8080, dir = buildDir) {
  if (!fs.existsSync(path.join(dir, "index.html"))) {
    throw new Error(`${dir}/index.html is missing: build the app first (npm --prefix examples/web run build)`);
  }
  const server = http.createServer((req, res) => {
    let url;
    try {
      url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    let file = path.join(dir, path.normalize(url));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (url.endsWith("/")) file = path.join(file, "index.html");
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 8080));
  console.log(`booking app: http://127.0.0.1:${server.address().port}/  (Ctrl-C stops it)`);
}
