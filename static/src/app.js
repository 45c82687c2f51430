// Small enhancements for every page; everything works without JavaScript too.

function copyButtons() {
  for (const button of document.querySelectorAll("[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const text = button.getAttribute("data-copy");
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = button.getAttribute("data-copied") || "✓";
      } catch {
        window.prompt("", text);
      }
    });
  }
}

function codeInputs() {
  // Codes have no 0/O or 1/I/L: show what was typed in capitals, without spaces.
  for (const input of document.querySelectorAll("input.code-input")) {
    input.addEventListener("input", () => {
      const start = input.selectionStart;
      input.value = input.value.toUpperCase().replace(/[^A-Z0-9]/g, "");
      input.setSelectionRange(start, start);
    });
  }
}

function firstError() {
  // Put the keyboard where the problem is.
  const invalid = document.querySelector("[aria-invalid=true]");
  if (invalid) invalid.focus();
}

copyButtons();
codeInputs();
firstError();

function submitOnce() {
  // A second tap while the first is on its way must not send the form twice. Live forms
  // (data-live) send over the socket, stay on the page and guard themselves.
  for (const form of document.querySelectorAll("form:not([data-live])")) {
    form.addEventListener("submit", () => {
      for (const button of form.querySelectorAll("button[type=submit]")) {
        setTimeout(() => { button.disabled = true; }, 0);
      }
    });
  }
}

submitOnce();
// Coming back with the browser's Back button shows the page as it was left: usable again.
window.addEventListener("pageshow", () => {
  for (const button of document.querySelectorAll("button[type=submit]")) button.disabled = false;
});

function lengthCounters() {
  // A post's length as its network counts it (X: most characters outside Latin and similar
  // scripts, and emoji, count twice), shown while it is edited; the server checks it again.
  const light = (code) => code <= 4351 || (code >= 8192 && code <= 8205)
    || (code >= 8208 && code <= 8223) || (code >= 8242 && code <= 8247);
  const measure = (text, weighted) => {
    let count = 0;
    for (const char of text) count += weighted && !light(char.codePointAt(0)) ? 2 : 1;
    return count;
  };
  for (const area of document.querySelectorAll("textarea[data-limit]")) {
    const output = document.getElementById(area.getAttribute("aria-describedby") || "");
    if (!output) continue;
    const limit = Number(area.getAttribute("data-limit"));
    const weighted = area.hasAttribute("data-weighted");
    const show = () => {
      const used = measure(area.value.replace(/\r\n/g, "\n"), weighted);
      output.textContent = `${used} / ${limit}`;
      output.classList.toggle("over", used > limit);
    };
    area.addEventListener("input", show);
    show();
  }
}

lengthCounters();
