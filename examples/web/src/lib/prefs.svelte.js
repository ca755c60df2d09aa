// Theme and language, shared by every page and kept in localStorage.
const saved = (key, fallback) => {
  try {
    return localStorage.getItem(key) ?? fallback;
  } catch {
    return fallback;
  }
};

export const prefs = $state({
  theme: typeof document === "undefined" ? "light" : document.documentElement.dataset.theme || "light",
  lang: saved("lang", typeof navigator !== "undefined" && navigator.language?.startsWith("en") ? "en" : "es"),
});

export function setTheme(theme) {
  prefs.theme = theme;
  document.documentElement.dataset.theme = theme;
  try { localStorage.setItem("theme", theme); } catch {}
}

export function setLang(lang) {
  prefs.lang = lang;
  document.documentElement.lang = lang;
  try { localStorage.setItem("lang", lang); } catch {}
}
