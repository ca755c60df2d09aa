// The example page (examples/web/) loads the package in headless Chromium and shows the same
// slots as Node. Debian's chromium, driven by playwright-core: no browser is downloaded.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { chromium } from "playwright-core";
import { serve } from "../../../examples/web/serve.mjs";
import { booking, root } from "./load.mjs";

const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

test("the example page computes availability in headless Chromium", { timeout: 120_000 }, async () => {
  assert.ok(fs.existsSync(executablePath), `${executablePath} is missing (apt-get install chromium)`);
  const server = await serve(0);
  const browser = await chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/examples/web/`);
    await page.waitForSelector("#status[data-slots]", { timeout: 60_000 });
    const status = page.locator("#status");
    const read = (f) => JSON.parse(fs.readFileSync(`${root}/examples/clinic/${f}`, "utf8"));
    const expected = booking.availability(read("clinic.json"), read("bookings.json"), read("request-week.json")).slots.length;
    assert.equal(await status.getAttribute("data-slots"), String(expected));
    assert.equal(await status.getAttribute("data-error"), "unknown_id at /site");
    assert.equal(await page.locator("#slots tr").count(), expected);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});
