// Calendar arithmetic on "YYYY-MM-DD" strings (civil dates, no zone: the engine does the zones).
const parse = (d) => new Date(`${d}T00:00:00Z`);
const show = (t) => t.toISOString().slice(0, 10);

export const addDays = (d, n) => show(new Date(parse(d).getTime() + n * 86_400_000));
export const weekDates = (from) => Array.from({ length: 7 }, (_, i) => addDays(from, i));
/** 0 for Monday … 6 for Sunday. */
export const weekdayIndex = (d) => (parse(d).getUTCDay() + 6) % 7;
export const isDate = (d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(parse(d).getTime()) && show(parse(d)) === d;
