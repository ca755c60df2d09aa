// Findings (engine errors and warnings, each with a JSON Pointer) that concern one field or below.
export const under = (findings, pointer) =>
  (findings ?? []).filter((f) => f.pointer === pointer || f.pointer.startsWith(`${pointer}/`));

/** The value at an RFC 6901 pointer, or undefined. */
export function at(doc, pointer) {
  if (pointer === "") return doc;
  let v = doc;
  for (const raw of pointer.slice(1).split("/")) {
    const k = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (v === null || typeof v !== "object" || !(k in v)) return undefined;
    v = v[k];
  }
  return v;
}

export const short = (v) => (v === undefined ? "—" : JSON.stringify(v));
