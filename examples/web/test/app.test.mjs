// The app in Debian's headless Chromium (playwright-core, no browser downloaded), served from its
// static build on 127.0.0.1. The numbers it shows must be the native CLI's for the same documents:
// the simulator's after an edit in the configuration centre, availability and check on the booking
// page. Also: a failed module load and a validation error are shown, both themes and both pages
// have no serious axe-core violation, keyboard use, Spanish texts. Screenshots go to
// $BOOKING_SCREENSHOTS (npm run screenshots: docs/screenshots/) or build/web-screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const cli = process.env.BOOKING_CLI ?? path.join(root, "build/test/booking");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const shots = path.resolve(process.env.BOOKING_SCREENSHOTS ?? path.join(root, "build/web-screenshots"));
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const example = (f) => JSON.parse(fs.readFileSync(path.join(root, "examples/clinic", f), "utf8"));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "booking-web-"));
const file = (name, doc) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, JSON.stringify(doc));
  return p;
};
// The CLI's compact JSON answer (exit 3 — a conflict or a broken booking — still answers).
function booking(...args) {
  try {
    return JSON.parse(execFileSync(cli, [...args, "--json"], { encoding: "utf8" }));
  } catch (e) {
    if (e.status === 3 || e.status === 1) return JSON.parse(e.stdout);
    throw e;
  }
}

let server, browser, url;
before(async () => {
  assert.ok(fs.existsSync(executablePath), `${executablePath} is missing (apt-get install chromium)`);
  assert.ok(fs.existsSync(cli), `the native CLI ${cli} is missing (cmake --build build/test --target booking_cli)`);
  server = await serve(0);
  url = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  fs.mkdirSync(shots, { recursive: true });
});
after(async () => {
  await browser?.close();
  server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function open(pathname, { theme = "light", lang = "en" } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, colorScheme: theme });
  await context.addInitScript(([t, l]) => {
    localStorage.setItem("theme", t);
    localStorage.setItem("lang", l);
  }, [theme, lang]);
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  await page.goto(url + pathname);
  return page;
}
// Waits for the result of the edit just made: a newer revision, no longer busy.
async function settled(page, testid, after = 0) {
  await page.waitForFunction(([id, rev]) => {
    const el = document.querySelector(`[data-testid=${id}]`);
    return el && Number(el.dataset.rev) > rev && !["busy", "loading"].includes(el.dataset.state);
  }, [testid, after], { timeout: 60_000 });
  return Number(await page.getByTestId(testid).getAttribute("data-rev"));
}
const numbers = async (page) => {
  const totals = {};
  for (const k of ["before", "after", "added", "removed", "broken_bookings"]) {
    totals[k] = Number(await page.getByTestId(`total-${k}`).textContent());
  }
  const days = await page.getByTestId("day-total").evaluateAll((cells) => cells.map((c) => ({
    date: c.dataset.date, before: +c.dataset.before, after: +c.dataset.after, added: +c.dataset.added, removed: +c.dataset.removed })));
  const broken = await page.getByTestId("broken").evaluateAll((li) => li.map((l) => l.dataset.id));
  return { totals, days, broken };
};
// The CLI's simulation summed per day the way the week view sums it.
function expected(draft, from = "2026-12-07", to = "2026-12-13", now = "2026-12-01T12:00:00Z") {
  const sim = booking("simulate", "--published", path.join(root, "examples/clinic/clinic.json"), "--draft", file("draft.json", draft),
                      "--bookings", path.join(root, "examples/clinic/bookings.json"), "--from", from, "--to", to, "--now", now);
  const dates = [...new Set(Array.from({ length: 7 }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 864e5).toISOString().slice(0, 10)))];
  const days = dates.map((date) => {
    const d = { date, before: 0, after: 0, added: 0, removed: 0 };
    for (const r of sim.rows.filter((r) => r.date === date)) for (const k of ["before", "after", "added", "removed"]) d[k] += r[k];
    return d;
  });
  return { totals: sim.totals, days, broken: sim.broken_bookings.map((b) => b.id) };
}

test("the configuration centre shows the CLI's simulation of the draft, also after an edit", { timeout: 180_000 }, async () => {
  const page = await open("/");
  let rev = await settled(page, "sim-status");
  const draft = example("draft.json");
  assert.deepEqual(await numbers(page), expected(draft));

  // Basic mode: Monday's hours at Sede Centro and the site's slot step.
  await page.getByTestId("hours-mon").fill("09:00-12:00, 15:00-19:00");
  rev = await settled(page, "sim-status", rev);
  await page.getByTestId("slot-step").fill("30");
  rev = await settled(page, "sim-status", rev);
  draft.sites[0].hours.mon = [["09:00", "12:00"], ["15:00", "19:00"]];
  draft.sites[0].policies.slot_step_minutes = 30;
  const want = expected(draft);
  assert.notDeepEqual(want.totals, expected(example("draft.json")).totals, "the edit must change the answer");
  assert.deepEqual(await numbers(page), want);
  // The provenance table says the step now comes from the site layer.
  assert.equal(await page.locator('[data-testid=provenance] tr[data-pointer="/policies/slot_step_minutes"]').getAttribute("data-layer"), "site");
  assert.match(await page.getByTestId("sim-ms").textContent(), /\d+(\.\d)? ms/);

  // Removing a chair and adding a closure, then back to the numbers of the CLI.
  await page.getByTestId("remove-chair-c2").click();
  rev = await settled(page, "sim-status", rev);
  await page.getByTestId("new-closure").fill("2026-12-10");
  await page.getByTestId("add-closure").click();
  rev = await settled(page, "sim-status", rev);
  draft.sites[0].chairs = draft.sites[0].chairs.filter((c) => c.id !== "c2");
  draft.sites[0].closures.push("2026-12-10");
  assert.deepEqual(await numbers(page), expected(draft));
  const diffPaths = await page.getByTestId("change").evaluateAll((rows) => rows.map((r) => r.dataset.path));
  const cliDiff = booking("diff", "--before", path.join(root, "examples/clinic/clinic.json"), "--after", file("draft.json", draft));
  assert.deepEqual(diffPaths, cliDiff.changes.map((c) => c.path));

  // A validation error is shown at the offending field, with the engine's pointer (the CLI's too).
  await page.getByTestId("treatment-select").selectOption({ label: "Limpieza" });
  await page.getByTestId("buffer_after").fill("-5");
  rev = await settled(page, "sim-status", rev);
  draft.treatments[0].buffer_after = -5;
  const cliErrors = booking("validate", "--clinic", file("draft.json", draft)).errors.map((e) => e.pointer);
  assert.ok(cliErrors.includes("/treatments/0/buffer_after"), JSON.stringify(cliErrors));
  const shown = await page.getByTestId("field-error").evaluateAll((els) => els.map((e) => e.dataset.pointer));
  assert.deepEqual(shown, cliErrors);
  assert.equal(await page.getByTestId("buffer_after").getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByTestId("sim-status").getAttribute("data-state"), "error");
  await page.getByTestId("validation-error").waitFor();

  // Advanced mode: the same finding next to its line; a syntax error is named with its place.
  await page.getByTestId("mode-advanced").click();
  const finding = page.locator('[data-testid=json-finding][data-pointer="/treatments/0/buffer_after"]');
  await finding.waitFor();
  assert.match(await finding.textContent(), /line \d+, column \d+/);
  const editor = page.getByTestId("json-editor");
  const text = await editor.inputValue();
  assert.deepEqual(JSON.parse(text), draft);
  await editor.fill(text.replace('"buffer_after": -5', '"buffer_after": 10,,'));
  await page.getByTestId("json-syntax").waitFor();
  await editor.fill(text.replace('"buffer_after": -5', '"buffer_after": 10'));
  rev = await settled(page, "sim-status", rev);
  draft.treatments[0].buffer_after = 10;
  assert.deepEqual(await numbers(page), expected(draft));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the booking page shows the CLI's free slots and its check of the chosen one", { timeout: 120_000 }, async () => {
  const page = await open("/booking/");
  let rev = await settled(page, "avail-status");
  for (const [site, treatment, from] of [["lima-miraflores", "extraccion", "2026-12-14"], ["santiago-centro", "limpieza", "2026-12-21"]]) {
    await page.getByTestId("booking-site").selectOption(site);
    await page.getByTestId("booking-treatment").selectOption(treatment);
    await page.getByTestId("week").fill(from);
    rev = await settled(page, "avail-status", rev);
    const request = { site, treatment, from, to: new Date(Date.parse(`${from}T00:00:00Z`) + 6 * 864e5).toISOString().slice(0, 10), now: "2026-12-01T12:00:00Z" };
    const cliSlots = booking("availability", "--clinic", path.join(root, "examples/clinic/clinic.json"),
                             "--bookings", path.join(root, "examples/clinic/bookings.json"), "--request", file("request.json", request)).slots;
    assert.ok(cliSlots.length > 0);
    const shown = await page.getByTestId("slot").evaluateAll((b) => b.map((x) => x.dataset.slotId));
    assert.deepEqual([...shown].sort(), cliSlots.map((s) => s.id).sort());

    const slot = cliSlots[Math.floor(cliSlots.length / 2)];
    await page.locator(`[data-slot-id="${slot.id}"]`).click();
    await page.locator("[data-testid=verdict][data-bookable]").waitFor();
    const cliCheck = booking("check", "--clinic", path.join(root, "examples/clinic/clinic.json"),
                             "--bookings", path.join(root, "examples/clinic/bookings.json"),
                             "--request", file("check.json", { slot: slot.id, now: request.now }));
    assert.equal(await page.getByTestId("verdict").getAttribute("data-bookable"), String(cliCheck.bookable));
    assert.match(await page.getByTestId("verdict").textContent(), new RegExp(`chair ${cliCheck.chair}`));
  }
  // Another time (the example's check-busy.json): the verdict names the CLI's conflicts.
  const busy = { ...example("check-busy.json"), now: "2026-12-01T12:00:00Z" };
  await page.getByTestId("other-professional").selectOption(busy.professional);
  await page.getByTestId("other-start").fill(busy.start);
  await page.getByTestId("other-check").click();
  await page.locator("[data-testid=verdict][data-bookable=false]").waitFor();
  const cliBusy = booking("check", "--clinic", path.join(root, "examples/clinic/clinic.json"),
                          "--bookings", path.join(root, "examples/clinic/bookings.json"), "--request", file("busy.json", busy));
  assert.equal(cliBusy.bookable, false);
  assert.deepEqual(await page.locator("[data-testid=conflicts] li").evaluateAll((li) => li.map((l) => l.dataset.code)),
                   cliBusy.conflicts.map((c) => c.code));

  // A request the engine refuses is shown, not swallowed.
  await page.getByTestId("now").fill("not a time");
  rev = await settled(page, "avail-status", rev);
  assert.match(await page.getByTestId("avail-error").textContent(), /\/now/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a slot can be chosen with the keyboard alone", { timeout: 60_000 }, async () => {
  const page = await open("/booking/");
  await settled(page, "avail-status");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.dataset.testid === "slot")) break;
  }
  const id = await page.evaluate(() => document.activeElement.dataset.slotId);
  assert.ok(id, "Tab reaches a slot");
  await page.keyboard.press("Enter");
  await page.locator("[data-testid=verdict][data-bookable=true]").waitFor();
  assert.equal(await page.locator(`[data-slot-id="${id}"]`).getAttribute("aria-pressed"), "true");
  await page.context().close();
});

test("a failed module load is shown as an error, never an endless loading", { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  await context.route("**/workers/**", (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.locator("[data-testid=engine-status][data-state=error]").waitFor({ timeout: 30_000 });
  assert.ok((await page.getByTestId("engine-error").textContent()).length > 0);
  await page.getByTestId("sim-error").waitFor();
  await context.close();
});

test("Spanish texts", { timeout: 60_000 }, async () => {
  const page = await open("/", { lang: "es" });
  await settled(page, "sim-status");
  assert.equal(await page.locator("h1").textContent(), "Centro de configuración");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "es");
  await page.getByTestId("lang").selectOption("en");
  assert.equal(await page.locator("h1").textContent(), "Configuration centre");
  await page.context().close();
});

for (const theme of ["light", "dark"]) {
  for (const [name, pathname, status] of [["config", "/", "sim-status"], ["booking", "/booking/", "avail-status"]]) {
    test(`${name} page, ${theme} theme: no serious axe-core violation (screenshot ${name}-${theme}.png)`, { timeout: 90_000 }, async () => {
      const page = await open(pathname, { theme, lang: theme === "dark" ? "es" : "en" });
      await settled(page, status);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
      if (name === "booking") {
        await page.getByTestId("slot").nth(3).click();
        await page.locator("[data-testid=verdict][data-bookable]").waitFor();
      }
      await page.addScriptTag({ path: axePath });
      const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`), []);
      await page.screenshot({ path: path.join(shots, `${name}-${theme}.png`), fullPage: true });
      await page.context().close();
    });
  }
}
