// A static server for the example page: the repository root at /, the built package at /pkg/.
// Usage: node examples/web/serve.mjs [port]   (0 picks a free port; prints the URL)
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = process.env.BOOKING_WASM_PKG ?? path.join(root, "build/wasm/bindings/wasm/package");
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json" };

export function serve(port = 8080) {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = url.startsWith("/pkg/") ? path.join(pkg, url.slice(5)) : path.join(root, url);
    if (url.endsWith("/")) file = path.join(file, "index.html");
    if (!file.startsWith(root) && !file.startsWith(pkg)) { res.writeHead(403).end(); return; }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end("not found"); return; }
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(data);
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 8080));
  console.log(`http://127.0.0.1:${server.address().port}/examples/web/`);
}
