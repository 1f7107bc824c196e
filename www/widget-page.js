// The widget page's own script, a file because the sandbox's Content-Security-Policy
// runs no inline script.

// The snippet with this server's address, ready to paste elsewhere.
const origin = location.origin;
const snippet = `<script type="module" src="${origin}/pkg/widget.js"></script><bitcoin-central-market base-url="${origin}"></bitcoin-central-market>`;
document.querySelector("#snippet").textContent = snippet;
const copy = document.querySelector("#copy");
// The button says what happened for two seconds; a screen reader hears it once, from
// the status line beside it.
const copied = document.querySelector("#copy-status");
copy.addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(snippet);
    copy.textContent = "Copied";
    copied.textContent = "The snippet is copied.";
  } catch {
    getSelection().selectAllChildren(document.querySelector("#snippet"));
    copy.textContent = "Press Ctrl+C";
    copied.textContent = "The snippet is selected: press Ctrl+C to copy it.";
  }
  setTimeout(() => {
    copy.textContent = "Copy";
    copied.textContent = "";
  }, 2000);
});

// The proof of the shared stream: ticker requests seen by the browser (the stream's one
// snapshot, or the polls of the fallback), updates seen by the widgets.
let requests = 0;
let updates = 0;
new PerformanceObserver((list) => {
  requests += list.getEntries().filter((entry) => new URL(entry.name).pathname.endsWith("/ticker")).length;
  document.querySelector("#requests").textContent = requests;
}).observe({ type: "resource", buffered: true });
document.addEventListener("bitcoin-central-update", () => {
  document.querySelector("#updates").textContent = ++updates;
});
