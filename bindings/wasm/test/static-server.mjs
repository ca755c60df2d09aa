// A static file server on 127.0.0.1 for the browser tests: `dir` at /, .wasm as application/wasm,
// and the given extra headers (a Content-Security-Policy) on every answer.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
                ".wasm": "application/wasm", ".css": "text/css" };

export function serveDir(dir, headers = {}) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (url === "/favicon.ico") { res.writeHead(204).end(); return; }  // not a page's error
    let file = path.join(root, url);
    if (file.endsWith(path.sep)) file = path.join(file, "index.html");
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end("not found"); return; }
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream", ...headers }).end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
